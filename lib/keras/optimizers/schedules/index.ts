// keras.optimizers.schedules: Keras 3's learning-rate schedules, which any optimizer takes as its learning rate.
export {
  LearningRateSchedule,
  ExponentialDecay,
  PiecewiseConstantDecay,
  PolynomialDecay,
  InverseTimeDecay,
  CosineDecay,
  CosineDecayRestarts,
  serialize,
  deserialize,
} from "./learning_rate_schedule.js";
export type { ExponentialDecayOptions, PolynomialDecayOptions, CosineDecayOptions, CosineDecayRestartsOptions, SerializedSchedule } from "./learning_rate_schedule.js";

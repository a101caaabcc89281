/**
 * Keras's `imagenet_utils.obtain_input_shape`: the input shape an application is built with,
 * and Keras's validation of the user's `inputShape` (channels_last, the tfjs layout).
 */
export type ImageShape = [number | null, number | null, number];

export interface InputShapeRules {
  /** The application's function name, for error messages. */
  fn: string;
  defaultSize: number;
  minSize: number;
  /** Keras's `require_flatten`: true when the classifier top is included. */
  requireFlatten: boolean;
  weights: string | null;
}

export function obtainInputShape(
  inputShape: ReadonlyArray<number | null> | undefined,
  rules: InputShapeRules,
): Array<number | null> {
  const { fn, defaultSize, minSize, requireFlatten, weights } = rules;
  const given = inputShape !== undefined && inputShape.length > 0 ? [...inputShape] : undefined;
  let defaultShape: Array<number | null>;
  if (weights !== "imagenet" && given !== undefined && given.length === 3) {
    const channels = given[2];
    if (channels !== 1 && channels !== 3) {
      console.warn(
        `${fn}: this model usually expects 1 or 3 input channels, but inputShape has ${channels} input channels.`,
      );
    }
    defaultShape = [defaultSize, defaultSize, channels];
  } else {
    defaultShape = [defaultSize, defaultSize, 3];
  }
  if (weights === "imagenet" && requireFlatten) {
    if (given !== undefined && !sameShape(given, defaultShape)) {
      throw new Error(
        `${fn}: when includeTop is true and weights is "imagenet", inputShape must be ` +
          `${formatShape(defaultShape)}; received inputShape=${formatShape(given)}.`,
      );
    }
    return defaultShape;
  }
  let shape: Array<number | null>;
  if (given !== undefined) {
    if (given.length !== 3) {
      throw new Error(
        `${fn}: inputShape must be [height, width, channels] (three entries); received inputShape=${formatShape(given)}.`,
      );
    }
    if (given[2] !== 3 && weights === "imagenet") {
      throw new Error(
        `${fn}: with weights "imagenet" the input must have 3 channels; received inputShape=${formatShape(given)}.`,
      );
    }
    if ((given[0] !== null && given[0] < minSize) || (given[1] !== null && given[1] < minSize)) {
      throw new Error(
        `${fn}: input size must be at least ${minSize}x${minSize}; received inputShape=${formatShape(given)}.`,
      );
    }
    shape = given;
  } else {
    shape = requireFlatten ? defaultShape : [null, null, 3];
  }
  if (requireFlatten && shape.includes(null)) {
    throw new Error(
      `${fn}: when includeTop is true, inputShape must be static (no null entries); received inputShape=${formatShape(shape)}.`,
    );
  }
  return shape;
}

/** Validates the type of a user's `inputShape` before Keras's rules apply. */
export function checkInputShapeType(fn: string, inputShape: unknown): ReadonlyArray<number | null> | undefined {
  if (inputShape === undefined || inputShape === null) return undefined;
  if (
    !Array.isArray(inputShape) ||
    !inputShape.every((d) => d === null || (Number.isInteger(d) && (d as number) > 0))
  ) {
    throw new Error(
      `${fn}: inputShape must be an array of positive integers or null, like [299, 299, 3]; received ${safeString(inputShape)}.`,
    );
  }
  return inputShape as Array<number | null>;
}

export function formatShape(shape: ReadonlyArray<number | null>): string {
  return `[${shape.map((d) => (d === null ? "null" : String(d))).join(", ")}]`;
}

function sameShape(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function safeString(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    // fall through: not JSON-serialisable (a tensor, a cyclic object)
  }
  return String(value);
}

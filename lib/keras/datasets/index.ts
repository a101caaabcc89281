// keras.datasets: the datasets Keras tutorials load, from packages that ship offline.
export * as mnist from "./mnist.js";

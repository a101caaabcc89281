export * as keras from "./api.js";

import { join, resolve } from "node:path";

/** The C sources live in the repository (and the package); the addon is built beside the compiled JS. */
export const addonSourceDir = resolve(__dirname, "../../../../lib/backend/native");
export const addonPath = join(__dirname, "tslab_keras_native.node");

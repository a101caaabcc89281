/**
 * Keras's automatic layer names (`conv2d`, `conv2d_1`, ...). Keras 3 keeps one process-wide
 * counter per snake-cased class name (keras/src/utils/naming.py `uniquify`); the applications
 * that leave layers unnamed (InceptionV3, Xception's residual branch, DenseNet's paddings) get
 * exactly the names a fresh Keras session prints, and a second build continues the count as
 * Keras does. tfjs's own auto names (`conv2d_Conv2D1`) would not match Keras's summaries.
 */
const uidsByPrefix = new Map<string, number>();

/** The next Keras-style unique name for a layer class prefix such as "conv2d". */
export function kerasAutoName(prefix: string): string {
  const used = uidsByPrefix.get(prefix) ?? 0;
  uidsByPrefix.set(prefix, used + 1);
  return used === 0 ? prefix : `${prefix}_${used}`;
}

/** Forget the counters, as Keras's `clear_session()` does. */
export function resetKerasAutoNames(): void {
  uidsByPrefix.clear();
}

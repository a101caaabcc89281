// keras.optimizers — filled in by its issue; see ARCHITECTURE.md.
export {};

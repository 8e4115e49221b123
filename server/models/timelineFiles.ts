/** One saved moment of training: its decoder and the embedding of the timeline's test digits. */
export interface TimelineSnapshot {
  /** Optimizer updates done (0 = untrained). */
  step: number;
  /** Epochs done, fractional (images seen / training digits). */
  epoch: number;
  imagesSeen: number;
  /** Mean training loss (nats per digit) of the batches since the previous snapshot; at step 0, of the first batch. */
  trainLoss: number;
  /** Loss on the timeline's test digits, nats per digit. */
  testLoss: number;
  /** File names relative to the timeline folder. */
  decoder: string;
  embedding: string;
}

/** `models/<kind>/timeline/timeline.json`. */
export interface TimelineFile {
  kind: string;
  /** How many test digits each snapshot's embedding holds (the same digits in every snapshot). */
  testDigits: number;
  testDigitsNote: string;
  stepsPerEpoch: number;
  snapshots: TimelineSnapshot[];
}

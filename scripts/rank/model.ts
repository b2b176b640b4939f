/**
 * A linear model trained per run on the reader's labels, as arxiv-sanity-lite trains a linear SVM per
 * tag: L2-regularised logistic regression over TF-IDF vectors, fitted by full-batch gradient descent from
 * zero weights for a fixed number of steps. No randomness at all, so the same labels and papers always give
 * the same weights; the heaviest positive weights a paper holds are its "why".
 */
import type { SparseVector } from './vectors.ts';

export interface TrainingExample {
  x: SparseVector;
  /** 1 = liked, 0 = disliked or background. */
  y: 0 | 1;
  /** Sample weight (background papers count for less than a stated dislike). */
  weight: number;
}

export interface LinearModel {
  weights: Map<number, number>;
  bias: number;
}

export interface TrainOptions {
  /** L2 penalty. */
  lambda?: number;
  steps?: number;
  learningRate?: number;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function dot(w: Map<number, number>, x: SparseVector): number {
  let s = 0;
  for (let k = 0; k < x.idx.length; k++) s += (w.get(x.idx[k]!) ?? 0) * x.val[k]!;
  return s;
}

/** Fits the model. Classes are balanced by weight, so a handful of likes is not drowned by background. */
export function trainLogistic(examples: readonly TrainingExample[], options: TrainOptions = {}): LinearModel {
  const lambda = options.lambda ?? 0.01;
  const steps = options.steps ?? 300;
  const lr = options.learningRate ?? 1;
  const pos = examples.filter((e) => e.y === 1).reduce((s, e) => s + e.weight, 0);
  const neg = examples.filter((e) => e.y === 0).reduce((s, e) => s + e.weight, 0);
  const total = pos + neg;
  const balance = (e: TrainingExample) => (e.weight * total) / (2 * (e.y === 1 ? pos || 1 : neg || 1));
  const weights = new Map<number, number>();
  let bias = 0;
  const n = total || 1;
  for (let step = 0; step < steps; step++) {
    const grad = new Map<number, number>();
    let gBias = 0;
    for (const e of examples) {
      const err = (sigmoid(dot(weights, e.x) + bias) - e.y) * balance(e);
      gBias += err;
      for (let k = 0; k < e.x.idx.length; k++) {
        const i = e.x.idx[k]!;
        grad.set(i, (grad.get(i) ?? 0) + err * e.x.val[k]!);
      }
    }
    for (const [i, w] of weights) grad.set(i, (grad.get(i) ?? 0) + lambda * n * w);
    for (const [i, g] of grad) weights.set(i, (weights.get(i) ?? 0) - (lr * g) / n);
    bias -= (lr * gBias) / n;
  }
  return { weights, bias };
}

/** The model's probability that the reader likes a paper. */
export function predict(model: LinearModel, x: SparseVector): number {
  return sigmoid(dot(model.weights, x) + model.bias);
}

/** The features that push a paper up the most (weight × value), heaviest first. */
export function heaviestFeatures(model: LinearModel, x: SparseVector, n: number): Array<{ index: number; contribution: number }> {
  const out: Array<{ index: number; contribution: number }> = [];
  for (let k = 0; k < x.idx.length; k++) {
    const c = (model.weights.get(x.idx[k]!) ?? 0) * x.val[k]!;
    if (c > 0) out.push({ index: x.idx[k]!, contribution: c });
  }
  return out.sort((a, b) => b.contribution - a.contribution || a.index - b.index).slice(0, n);
}

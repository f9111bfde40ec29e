/**
 * A saved model's configuration (`config.json` in a checkpoint): enough to rebuild the model, know what
 * task it solves, name its outputs and prepare its inputs. Reading validates every field and upgrades
 * the format written before tasks existed (`classes`, scalar `{ mean, std }`).
 */

/** What a model is for; decides how its outputs are read (class probabilities, values, boxes, masks, tokens). */
export const MODEL_TASKS = ['classification', 'regression', 'detection', 'segmentation', 'captioning', 'generation'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

/** Per-channel standardisation of pixels: x[c] = (p / 255 − mean[c]) / std[c], one entry per input channel. */
export interface Preprocessing {
  mean: number[];
  std: number[];
}

/** A saved model's architecture and how to use it. */
export interface ModelConfig {
  /** Registered architecture name, e.g. 'lecture-cnn'. */
  architecture: string;
  /** What the model does (default 'classification'). */
  task: ModelTask;
  /** One example's shape, channels-first: [C, H, W]. */
  inputShape: number[];
  /** Number of classes (classification, segmentation, detection). */
  numClasses?: number;
  /** Class names, index = class (as many as `numClasses`). */
  labels?: string[];
  /** How raw uint8 pixels become the model's input; absent: x = p / 255. */
  preprocessing?: Preprocessing;
}

/** A config as read from a training checkpoint: the model's config plus the training arguments it was written with. */
export type StoredModelConfig = ModelConfig & { training?: Record<string, unknown> };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isModelTask(v: unknown): v is ModelTask {
  return typeof v === 'string' && (MODEL_TASKS as readonly string[]).includes(v);
}

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/** `mean` or `std` as one finite number per channel (an old scalar is repeated for every channel). */
function perChannel(v: unknown, channels: number, field: string, source: string, positive: boolean): number[] {
  const values = typeof v === 'number' ? Array.from({ length: channels }, () => v) : v;
  if (!Array.isArray(values) || values.length !== channels || !values.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0)))
    throw new Error(
      `${source}: 'preprocessing.${field}' must be ${channels} ${positive ? 'positive ' : ''}number${channels === 1 ? '' : 's'} (one per input channel), got ${show(v)}`,
    );
  return values.map(Number);
}

/**
 * Checks a parsed config.json and returns it in the current format. Fields: `architecture` (string),
 * `task` (one of {@link MODEL_TASKS}; absent in old files: 'classification'), `inputShape` (positive
 * integers), `numClasses` (positive integer; required for classification), `labels` (strings, as many as
 * `numClasses`; old files: `classes`), `preprocessing` ({ mean, std } with one number per channel; old
 * files: one number each), `training` (an object, kept as written). Errors name the file, the field, what
 * it must be and what it is.
 */
export function parseModelConfig(value: unknown, source: string): StoredModelConfig {
  if (!isRecord(value)) throw new Error(`${source}: expected a JSON object, got ${show(value)}`);
  const { architecture, inputShape, numClasses, training } = value;
  const task = value['task'] ?? 'classification';
  const labels = value['labels'] ?? value['classes'];
  if (typeof architecture !== 'string' || architecture === '') throw new Error(`${source}: 'architecture' must be a non-empty string, got ${show(architecture)}`);
  if (!isModelTask(task)) throw new Error(`${source}: 'task' must be one of ${MODEL_TASKS.join(', ')}, got ${show(task)}`);
  const shape = Array.isArray(inputShape) && inputShape.every((d) => Number.isInteger(d) && d > 0) ? inputShape.map(Number) : [];
  const [channels] = shape; // the first axis is the channels ([C, H, W])
  if (channels === undefined) throw new Error(`${source}: 'inputShape' must be an array of positive integers, got ${show(inputShape)}`);
  const config: StoredModelConfig = { architecture, task, inputShape: shape };
  if (numClasses !== undefined) {
    if (typeof numClasses !== 'number' || !Number.isInteger(numClasses) || numClasses < 1)
      throw new Error(`${source}: 'numClasses' must be a positive integer, got ${show(numClasses)}`);
    config.numClasses = numClasses;
  } else if (task === 'classification') throw new Error(`${source}: 'numClasses' is required for task 'classification', got nothing`);
  if (labels !== undefined) {
    const field = 'labels' in value ? 'labels' : 'classes';
    if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string'))
      throw new Error(`${source}: '${field}' must be an array of strings, got ${show(labels)}`);
    if (config.numClasses !== undefined && labels.length !== config.numClasses)
      throw new Error(`${source}: '${field}' has ${labels.length} names but 'numClasses' is ${config.numClasses}`);
    config.labels = labels.map(String);
  }
  const pre = value['preprocessing'];
  if (pre !== undefined) {
    if (!isRecord(pre)) throw new Error(`${source}: 'preprocessing' must be { mean, std }, got ${show(pre)}`);
    config.preprocessing = { mean: perChannel(pre['mean'], channels, 'mean', source, false), std: perChannel(pre['std'], channels, 'std', source, true) };
  }
  if (training !== undefined) {
    if (!isRecord(training)) throw new Error(`${source}: 'training' must be an object, got ${show(training)}`);
    config.training = training;
  }
  return config;
}

/** The class names of a config: its `labels`, or '0', '1', … for `numClasses` (or `count`) classes. */
export function classLabels(config: Pick<ModelConfig, 'labels' | 'numClasses'>, count = config.numClasses ?? 0): string[] {
  return Array.from({ length: count }, (_, i) => config.labels?.[i] ?? String(i));
}

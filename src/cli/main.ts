import { Command, CommanderError, Option } from 'commander';
import { trainCommand } from './train.js';
import { evalCommand } from './eval.js';
import { predictCommand } from './predict.js';
import { summaryCommand } from './summary.js';
import { explainCommand } from './explain.js';
import { xoCommand } from './xo.js';
import { pixelsCommand, regionOption, channelOption } from './pixels.js';
import { filterCommand, rescaleOption } from './filter.js';
import { floatOption, intOption, shapeOption, UsageError } from './args.js';
import { useBackend } from './backend.js';
import { installBuiltinBackends } from '../backend/builtin.js';

const out = (s: string): void => {
  process.stdout.write(s + '\n');
};
const err = (s: string): void => {
  process.stderr.write(s + '\n');
};

const backendOption = (): Option =>
  new Option('--backend <name>', 'wasm (WebAssembly SIMD + threads, the default) or reference (plain TypeScript)').default('wasm');
const threadsOption = (): Option =>
  new Option('--threads <n>', 'threads for the wasm backend (default: all cores)').argParser(intOption('--threads'));

/** A command over a trained checkpoint and one image: --checkpoint, IMAGE, --top, --backend, --threads, --json. */
function checkpointImageCommand(program: Command, name: string, description: string, imageHelp: string): Command {
  return program
    .command(name)
    .description(description)
    .requiredOption('--checkpoint <dir>', 'checkpoint folder written by `striate train`')
    .argument('<image>', imageHelp)
    .option('--top <k>', 'how many classes to show', intOption('--top'), 5)
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--json', 'print one JSON line', false);
}

function buildProgram(): Command {
  const program = new Command('striate')
    .description('Deep computer vision in TypeScript: train, evaluate and inspect CNNs')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s), outputError: () => {} })
    .showSuggestionAfterError(true);

  program
    .command('train')
    .description('train a model (default: the lecture CNN on the shipped Fashion-MNIST subset)')
    .option('--model <name>', 'architecture (see `striate summary`)', 'lecture-cnn')
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--data <dir>', "Fashion-MNIST folder with the four IDX files (default: the subset shipped in the package)")
    .option('--epochs <n>', 'passes over the training set', intOption('--epochs'), 5)
    .option('--batch-size <n>', 'images per step', intOption('--batch-size'), 64)
    .option('--lr <x>', 'learning rate', floatOption('--lr'), 1e-3)
    .option('--optimizer <name>', 'adam, adamw, sgd or rmsprop', 'adam')
    .option('--schedule <name>', 'learning-rate schedule: cosine (from --lr down to 0 over the run, set every step) or constant', 'cosine')
    .option('--no-normalize', "feed pixels / 255 as they are (default: standardise them with the training set's mean and std, kept in the checkpoint)")
    .option('--seed <n>', 'random seed', intOption('--seed', 0), 0)
    .option('--out <dir>', 'output folder (checkpoint in OUT/checkpoint)', 'runs/lecture-cnn')
    .option('--resume', 'continue the run saved in OUT/checkpoint', false)
    .option('--checkpoint-every <steps>', 'also checkpoint every N steps', intOption('--checkpoint-every'))
    .option('--train-limit <n>', 'use only the first N training images (quick runs)', intOption('--train-limit'))
    .option('--test-limit <n>', 'use only the first N test images', intOption('--test-limit'))
    .option('--json', 'print one final JSON line', false)
    .option('--quiet', 'no progress output', false)
    .action(async (o) => {
      o.backend = await useBackend(o.backend, o.threads);
      const r = await trainCommand(o, err);
      if (o.json) out(JSON.stringify(r));
    });

  program
    .command('eval')
    .description('evaluate a checkpoint on the Fashion-MNIST test set')
    .requiredOption('--checkpoint <dir>', 'checkpoint folder written by `striate train`')
    .option('--data <dir>', 'Fashion-MNIST folder (default: the data the checkpoint was trained on)')
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--json', 'print one JSON line', false)
    .action(async (o) => {
      await useBackend(o.backend, o.threads);
      const r = await evalCommand(o, out);
      if (o.json) out(JSON.stringify(r));
    });

  checkpointImageCommand(program, 'predict', 'classify a PNG image: the top classes with their probabilities',
    'PNG image of the size the model expects (28×28 for Fashion-MNIST)')
    .action(async (image: string, o) => {
      await useBackend(o.backend, o.threads);
      const r = await predictCommand({ ...o, image }, out);
      if (o.json) out(JSON.stringify(r));
    });

  checkpointImageCommand(program, 'explain', 'pictures of what a model sees in an image: feature maps, filters, saliency, Grad-CAM',
    'PNG image of the size the model expects')
    .requiredOption('-o, --out <dir>', 'folder for the PNG files')
    .option('--class <k|name>', 'also explain this class (index or name); saliency uses it too')
    .option('--layer <name>', 'conv layer for Grad-CAM (default: the last one)')
    .action(async (image: string, o) => {
      await useBackend(o.backend, o.threads);
      const r = await explainCommand({ ...o, image }, out);
      if (o.json) out(JSON.stringify(r));
    });

  program
    .command('summary')
    .description('layer-by-layer output shapes and parameter counts of a model (no name: list models)')
    .argument('[model]', 'model name, e.g. lecture-cnn')
    .addOption(new Option('--input-shape <c,h,w>', 'input shape, channels first').argParser(shapeOption('--input-shape')))
    .option('--classes <n>', 'number of classes', intOption('--classes'))
    .action((model: string | undefined, o) => summaryCommand(model, o, out));

  program
    .command('xo')
    .description("the lecture's X-or-X case study: feature maps of three 3×3 filters, then an X/O CNN on deformed letters")
    .option('-o, --out <dir>', 'folder for xo-features.png and xo-heldout.png', 'runs/xo')
    .option('--seed <n>', 'seed of the generated letters and the initial weights', intOption('--seed', 0), 0)
    .option('--json', 'print one JSON line (the report goes to stderr)', false)
    .action(async (o) => {
      const r = await xoCommand(o, o.json ? err : out);
      if (o.json) out(JSON.stringify(r));
    });

  program
    .command('pixels')
    .description('print an image\'s pixel values as a matrix of integers ("images are numbers")')
    .argument('<image>', 'PNG or JPEG file')
    .option('--region <x,y,w,h>', 'the pixels to show (default: the whole image up to 16×16, else its top-left 16×16)', regionOption)
    .option('--channel <c>', 'r, g, b, a or gray (default: every colour channel)', channelOption)
    .action((image: string, o) => pixelsCommand(image, o, out));

  program
    .command('filter')
    .description("convolve an image with a kernel (the lecture's sharpen, edge, strong-edge, …) and save the feature map")
    .argument('<image>', 'PNG or JPEG file (filtered as grayscale unless --color)')
    .requiredOption('--kernel <name|matrix>', 'sharpen, edge, strong-edge, blur, gaussian, gaussian5, sobel-x, sobel-y, emboss, or "[[0,-1,0],[-1,5,-1],[0,-1,0]]"')
    .requiredOption('-o, --output <file.png>', 'where to write the filtered image')
    .option('--stride <s>', 'step of the window', intOption('--stride'), 1)
    .option('--padding <p>', 'zeros added on each side', intOption('--padding', 0), 0)
    .option('--rescale <mode>', 'linear (min→0, max→255), abs (|v|, max→255) or clip (0–255); default: abs for kernels summing to 0 (edges), clip for kernels summing to 1 (sharpen, blur), else linear', rescaleOption)
    .option('--color', 'filter R, G and B separately (conv2d with groups = 3) and write RGB', false)
    .action(async (image: string, o) => {
      await filterCommand(image, o, out);
    });

  return program;
}

/** Runs the CLI; returns the exit code. Errors print as one line, never as a stack trace. */
export async function run(argv: string[]): Promise<number> {
  installBuiltinBackends();
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      err(`striate: ${e.message.replace(/\s*\n\s*/g, ' ')}`);
      return e.exitCode || 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    err(`striate: error: ${message.split('\n')[0]}`);
    if (process.env['STRIATE_DEBUG'] && e instanceof Error) err(e.stack ?? '');
    return e instanceof UsageError ? 2 : 1;
  }
}

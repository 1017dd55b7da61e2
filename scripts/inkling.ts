// `npm run inkling -- <command>`: the engine's command-line tools.
import { parseArgs } from 'node:util';
import { DEFAULT_TRAIN, train } from './train/train';

const USAGE = `usage: npm run inkling -- <command> [options]
  train     [--lang en] [--epochs N] [--threads 1|2] [--run DIR]   train the base model (resumable)
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'train': {
      const { values } = parseArgs({ args: rest, options: {
        lang: { type: 'string', default: 'en' }, epochs: { type: 'string' }, threads: { type: 'string' },
        run: { type: 'string' }, data: { type: 'string' }, vocab: { type: 'string' }, hidden: { type: 'string' },
      } });
      const o = { ...DEFAULT_TRAIN, dataDir: values.data ?? `data/${values.lang}`, runDir: values.run ?? `runs/${values.lang}` };
      if (values.epochs) o.epochs = Number(values.epochs);
      if (values.threads) o.threads = Number(values.threads) === 1 ? 1 : 2;
      if (values.vocab) o.vocabWords = Number(values.vocab);
      if (values.hidden) o.H = Number(values.hidden);
      await train(o);
      break;
    }
    default:
      process.stderr.write(USAGE);
      process.exitCode = command ? 2 : 0;
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`inkling: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});

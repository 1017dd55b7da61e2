import { commit, personalTx, type InklingDatabase } from '../storage/db';
import { takeSamples, type SampleSelection } from '../storage/samples';
import type { Learner } from './learner';

/**
 * Deletes the selected samples (none if `which` is undefined) and subtracts what each learner
 * learned of them, checkpointing every learner, all in one transaction: if it does not commit
 * after subtracting, each learner goes back to its last checkpoint (the samples it had learned
 * since are learned again). Returns how many samples were deleted. Never run it while a
 * learner's slice runs.
 */
export async function forgetSamples(db: InklingDatabase, learners: readonly Learner[], which: SampleSelection | undefined, at: number): Promise<number> {
  const tx = personalTx(db);
  let subtracted = false;
  try {
    const removed = await commit(tx, async () => {
      for (const l of learners) await l.markConsumedIn(tx);
      const removed = which ? await takeSamples(tx.objectStore('samples'), which) : [];
      subtracted = removed.length > 0;
      for (const l of learners) await l.saveIn(tx, removed, at);
      return removed;
    });
    for (const l of learners) l.saved(at);
    return removed.length;
  } catch (e) {
    // The memories lost counts of samples that are still stored: back to the checkpoints. (A
    // plain checkpoint changed no memory, so it can simply be written again.)
    if (subtracted) for (const l of learners) await l.restore();
    throw e;
  }
}

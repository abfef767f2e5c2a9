import { ContractEntity } from '@app/persistence';
import { TEST_DATABASES } from '../../../test/support/databases';
import { importBytes, openStack, sample, Stack, stackForEachTest } from '../../../test/support/stack';

const FIFE = 'S12000047';
const ANGUS = 'S12000041';

// An import classifies the rows it stored, not every pending row: imports of different councils run
// at once in several workers, and each classifying the others' rows was work done over and over.
describe.each(TEST_DATABASES)('stored classification after an import on $name', (db) => {
  let stack: Stack;

  stackForEachTest(db, (s) => (stack = s));

  const pending = async (council: string) =>
    stack.dataSource.getRepository(ContractEntity).createQueryBuilder('c').where('c.council_code = :council', { council }).andWhere('c.is_current = :cur', { cur: true }).andWhere('c.classified_at IS NULL').getCount();

  it('classifies the import\'s own rows and leaves another import\'s pending rows to their owner or the analysis', async () => {
    await importBytes(stack, 'fife.csv', sample('fife-council-contracts-register.csv'), FIFE);
    expect(await pending(FIFE)).toBe(0);
    // Fife's rows as another worker's import leaves them between its commit and its classification.
    await stack.dataSource.getRepository(ContractEntity).update({ councilCode: FIFE }, { classifiedAt: null });
    const fife = await pending(FIFE);
    expect(fife).toBeGreaterThan(0);

    const { record } = await importBytes(stack, 'angus.csv', sample('angus-council-ict-contracts.csv'), ANGUS);
    expect(record.status).toBe('completed');
    expect(await pending(ANGUS)).toBe(0);
    expect(await pending(FIFE)).toBe(fife);

    // What is still pending is classified by a pass over everything (the analysis runs one first).
    expect(await stack.classification.classifyPending()).toBe(fife);
    expect(await pending(FIFE)).toBe(0);
  });
});

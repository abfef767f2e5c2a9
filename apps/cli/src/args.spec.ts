import { checkFlags, closest, parseArgs, UsageError } from './args';

describe('CLI arguments', () => {
  it.each([
    ['councl', ['council', 'supplier', 'json'], 'council'],
    ['counicl', ['council', 'json'], 'council'],
    ['jsn', ['council', 'json'], 'json'],
    ['ends-form', ['ends-from', 'ends-to'], 'ends-from'],
    ['sup', ['council', 'supplier'], 'supplier'],
    ['imprt', ['import', 'contracts', 'opportunities'], 'import'],
    ['opportunites', ['import', 'contracts', 'opportunities'], 'opportunities'],
    ['colour', ['council', 'kind', 'limit'], undefined],
    ['x', ['council', 'json'], undefined],
  ])('takes "%s" among %j to mean %s', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });

  it('refuses an option the command does not take, and lets known ones and --help through', () => {
    expect(() => checkFlags('contracts', parseArgs(['contracts', '--council', 'Fife', '--json', '--help']), ['council', 'json'])).not.toThrow();
    expect(() => checkFlags('contracts', parseArgs(['contracts', '--councl', 'Fife']), ['council', 'json'])).toThrow(new UsageError('unknown option --councl for "contracts": did you mean --council?'));
    expect(() => checkFlags('tokens', parseArgs(['tokens', '--frob=1']), ['role'])).toThrow('it takes --role');
  });
});

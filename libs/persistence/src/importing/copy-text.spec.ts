import { copyField, copyLines } from './copy-text';

describe('COPY text', () => {
  it.each([
    [null, '\\N'],
    [undefined, '\\N'],
    ['', ''],
    ['\\N', '\\\\N'],
    ['a\tb\nc\rd\\e', 'a\\tb\\nc\\rd\\\\e'],
    ['"quoted", \'too\'', '"quoted", \'too\''],
    [12.5, '12.5'],
    [0, '0'],
    [true, 't'],
    [false, 'f'],
  ])('writes %j as %j', (value, text) => {
    expect(copyField(value)).toBe(text);
  });

  it('writes rows a line each, after the shared fields', () => {
    expect(copyLines(['a', null, 'b\tc', 1], 2, 'id\tt\t')).toBe('id\tt\ta\t\\N\nid\tt\tb\\tc\t1\n');
  });
});

import { parse } from 'csv-parse/sync';
import { CsvSyntaxError, CsvTokenizer } from './csv-tokenizer';

function tokenize(text: string, delimiter = ',', chunk = 0): string[][] {
  const t = new CsvTokenizer(delimiter);
  const out: string[][] = [];
  if (chunk > 0) for (let i = 0; i < text.length; i += chunk) out.push(...t.push(text.slice(i, i + chunk)));
  else out.push(...t.push(text));
  out.push(...t.end());
  return out;
}

function oracle(text: string, delimiter = ','): string[][] {
  return parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
}

describe('CsvTokenizer', () => {
  it.each([
    ['a,b,c\n1,2,3\n'],
    ['a,b\r\n1,2\r\n'],
    ['a,"b,c",d\n'],
    ['a,"say ""hi""",d\n'],
    ['a,"two\nlines",d\r\nx,y,z'],
    ['a,b\n\n\nc,d\n'],
    ['a,b,c\n1\n1,2,3,4\n'],
    ['"",x,\n'],
    ['a,b,\n'],
    ['5" screen,b\n'],
    ['"a"b,c\n'],
    ['only\n'],
    ['a,b'],
    ['a;b;"c;d"\n'],
  ])('agrees with csv-parse on %p', (text) => {
    const delimiter = text.includes(';') ? ';' : ',';
    expect(tokenize(text, delimiter)).toEqual(oracle(text, delimiter));
  });

  it('agrees with csv-parse on random registers, whatever the chunk size', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 8) % n;
    };
    const pieces = ['a', 'Fife', '£1,000', '"q,uoted"', '"with ""quotes"""', '"multi\nline"', '"crlf\r\nline"', '', ' ', 'x"y', '31/03/2027'];
    for (let round = 0; round < 300; round++) {
      const lines: string[] = [];
      for (let r = 0; r < 1 + rand(8); r++) lines.push(Array.from({ length: 1 + rand(5) }, () => pieces[rand(pieces.length)]).join(','));
      const eol = ['\n', '\r\n'][rand(2)];
      const text = lines.join(eol) + (rand(2) ? eol : '');
      const expected = oracle(text);
      for (const chunk of [0, 1, 2, 3, 7, 64]) expect(tokenize(text, ',', chunk)).toEqual(expected);
    }
  });

  it('refuses a quoted cell that never closes, naming the line it opens on', () => {
    expect(() => tokenize('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    try {
      tokenize('a,b\n1,"open\n2,3\n');
    } catch (e) {
      expect((e as CsvSyntaxError).line).toBe(2);
    }
  });

  it('bounds the size of one record', () => {
    const t = new CsvTokenizer(',', 100);
    expect(() => t.push(`"${'x'.repeat(200)}`)).toThrow('longer than 100');
  });
});

import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  hasTemplateSyntax,
  resolveTemplates,
  templateRefs,
} from '../../src/compile/template.js';

const d = { k: { z: [10, 20] } };
const l = [1, 'a', null, 2.0];
const vars = new Map<string, unknown>([
  ['x', 5],
  ['f', 2.5],
  ['b', true],
  ['n', null],
  ['l', l],
  ['d', d],
]);
const r = (v: unknown): unknown => compileTemplate(v).resolve(vars);

describe('compileTemplate (§10.3 examples)', () => {
  it('resolves whole-value references with their type', () => {
    expect(r('{{x}}')).toBe(5);
    expect(r(' {{x}} ')).toBe(5);
    expect(r('{{ x }}')).toBe(5);
    expect(r('{{n}}')).toBeNull();
    expect(r('{{d.k.z[1]}}')).toBe(20);
    expect(r('{{l}}')).toBe(l);
    expect(r('{{d}}')).toBe(d);
    expect(r('${x}')).toBe(5);
    expect(r('${ x }')).toBe(5);
    expect(r('%x%')).toBe(5);
  });

  it('interpolates with Python str()', () => {
    expect(r('v={{f}}')).toBe('v=2.5');
    expect(r('v={{b}}')).toBe('v=True');
    expect(r('v={{n}}')).toBe('v=');
    expect(r('v={{l}}')).toBe("v=[1, 'a', None, 2]");
    expect(r('{{x}}{{x}}')).toBe('55');
    expect(r('a %x% b ${x}')).toBe('a 5 b 5');
  });

  it('leaves unknown references as written', () => {
    expect(r('{{d.k.z[5]}}')).toBe('{{d.k.z[5]}}');
    expect(r('a{{missing}}b')).toBe('a{{missing}}b');
    expect(r(' {{missing}} ')).toBe(' {{missing}} ');
    expect(r('100%')).toBe('100%');
    expect(r('{{node-1.out}}')).toBe('{{node-1.out}}');
    expect(r('{{x|length}}')).toBe('{{x|length}}');
    expect(r('{{$secret:abc}}')).toBe('{{$secret:abc}}');
    expect(r('% x %')).toBe('% x %');
  });

  it('treats nested null, non-containers and bad indexes as not found', () => {
    const v = new Map<string, unknown>([
      ['o', { a: null, s: 'str', arr: [1] }],
    ]);
    const t = (s: string): unknown => compileTemplate(s).resolve(v);
    expect(t('{{o.a}}')).toBe('{{o.a}}');
    expect(t('x{{o.a}}')).toBe('x{{o.a}}');
    expect(t('{{o.s.len}}')).toBe('{{o.s.len}}');
    expect(t('{{o.arr[0]}}')).toBe(1);
    expect(t('{{o.arr.x}}')).toBe('{{o.arr.x}}');
    expect(t('{{o[0]}}')).toBe('{{o[0]}}');
    expect(t('{{o.toString}}')).toBe('{{o.toString}}');
  });

  it('lets a direct key with dots win, even when null', () => {
    const v = new Map<string, unknown>([
      ['a.b', null],
      ['a', { b: 7 }],
      ['c.d', 3],
    ]);
    expect(compileTemplate('{{a.b}}').resolve(v)).toBeNull();
    expect(compileTemplate('x{{a.b}}y').resolve(v)).toBe('xy');
    expect(compileTemplate('{{c.d}}').resolve(v)).toBe(3);
  });

  it('resolves system variables', () => {
    expect(r('{{$currentDate}}')).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(r('{{$currentTime}}')).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(r('{{$currentDateTime}}')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    const ts = r('{{$timestamp}}');
    expect(typeof ts).toBe('number');
    expect(Math.abs((ts as number) - Date.now() / 1000)).toBeLessThan(5);
    expect(compileTemplate('{{$timestamp}}').refs).toEqual([]);
  });

  it('returns static values themselves without copying', () => {
    const obj = { a: [1, 'plain'], b: { c: 'x' } };
    const t = compileTemplate(obj);
    expect(t.isStatic).toBe(true);
    expect(t.resolve(vars)).toBe(obj);
    expect(compileTemplate('plain text').isStatic).toBe(true);
    expect(compileTemplate('100%').isStatic).toBe(true);
    expect(compileTemplate(42).resolve(vars)).toBe(42);
  });

  it('builds new containers for dynamic parts and shares static parts', () => {
    const stat = { s: 1 };
    const obj = { a: '{{x}}', keep: stat, '{{x}}': 'key untouched' };
    const t = compileTemplate(obj);
    expect(t.isStatic).toBe(false);
    const out = t.resolve(vars) as Record<string, unknown>;
    expect(out).toEqual({ a: 5, keep: stat, '{{x}}': 'key untouched' });
    expect(out.keep).toBe(stat);
    expect(out).not.toBe(obj);
    expect(compileTemplate(['{{f}}', 'v={{x}}']).resolve(vars)).toEqual([2.5, 'v=5']);
  });

  it('reports root references for dependency analysis', () => {
    expect(compileTemplate('{{a.b[0]}} {{c}} %a% ${d}').refs).toEqual(['a', 'c', 'd']);
    expect(templateRefs({ x: ['{{n1.out}}'], y: '{{n2}}' })).toEqual(['n1', 'n2']);
    expect(templateRefs('nothing')).toEqual([]);
  });

  it('resolves against the current values on every call', () => {
    const t = compileTemplate('n={{x}}');
    expect(t.resolve(new Map([['x', 1]]))).toBe('n=1');
    expect(t.resolve(new Map([['x', 'two']]))).toBe('n=two');
  });
});

describe('resolveTemplates', () => {
  it('resolves runtime values and returns unchanged containers as-is', () => {
    expect(resolveTemplates('{{x}}', vars)).toBe(5);
    const unchanged = ['a', { b: 'c' }];
    expect(resolveTemplates(unchanged, vars)).toBe(unchanged);
    const changed = ['a', { b: '{{x}}' }];
    expect(resolveTemplates(changed, vars)).toEqual(['a', { b: 5 }]);
    expect(changed[1]).toEqual({ b: '{{x}}' });
    expect(resolveTemplates(7, vars)).toBe(7);
  });
});

describe('hasTemplateSyntax', () => {
  it('detects any of the three reference forms', () => {
    expect(hasTemplateSyntax('a {{b}}')).toBe(true);
    expect(hasTemplateSyntax('${b.c}')).toBe(true);
    expect(hasTemplateSyntax('%b%')).toBe(true);
    expect(hasTemplateSyntax('100%')).toBe(false);
    expect(hasTemplateSyntax('{{a+b}}')).toBe(false);
  });
});

describe('resolution cost', () => {
  class CountingMap extends Map<string, unknown> {
    calls = 0;
    override get(k: string): unknown {
      this.calls++;
      return super.get(k);
    }
    override has(k: string): boolean {
      this.calls++;
      return super.has(k);
    }
  }

  it('resolves a static string without touching the variables', () => {
    const m = new CountingMap([['x', 1]]);
    const t = compileTemplate('no references here 100%');
    expect(t.resolve(m)).toBe('no references here 100%');
    expect(m.calls).toBe(0);
  });

  it('resolves a one-name reference with a single Map lookup', () => {
    const m = new CountingMap([['x', 1]]);
    expect(compileTemplate('{{ x }}').resolve(m)).toBe(1);
    expect(m.calls).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { compileTemplate, TemplateError } from '../../../src/client/template.js';
import { parseFilter } from '../../../src/core/filter-parse.js';

function templateError(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error('expected a TemplateError, nothing was thrown');
}

const DEFAULT_USER_FILTER = '({{.UserAttr}}={{.Username}})';
const DEFAULT_GROUP_FILTER = '(|(memberUid={{.Username}})(member={{.UserDN}})(uniqueMember={{.UserDN}}))';

describe('compileTemplate and render', () => {
  it('renders the default user filter as OpenBao does: (cn=alice)', () => {
    expect(compileTemplate(DEFAULT_USER_FILTER).render({ UserAttr: 'cn', Username: 'alice' })).toBe(
      '(cn=alice)',
    );
  });

  it('renders the default group filter with the user DN escaped for a filter', () => {
    const out = compileTemplate(DEFAULT_GROUP_FILTER).render({
      Username: 'bob',
      UserDN: 'cn=Bob (Ops)\\2C Jr,ou=people,dc=example,dc=com',
    });
    expect(out).toBe(
      '(|(memberUid=bob)(member=cn=Bob \\28Ops\\29\\5c2C Jr,ou=people,dc=example,dc=com)' +
        '(uniqueMember=cn=Bob \\28Ops\\29\\5c2C Jr,ou=people,dc=example,dc=com))',
    );
  });

  it("reproduces OpenBao's UPN injection test vector (research §5.3)", () => {
    const opens = 40;
    const user = `foo@example.com)${'('.repeat(opens)}userPrincipalName=foo`;
    const template = compileTemplate('(&({{.UserAttr}}={{.Username}})({{.UserAttr}}=admin@example.com))');
    const out = template.render({ UserAttr: 'userPrincipalName', Username: `${user}@example.com` });
    expect(out).toBe(
      `(&(userPrincipalName=foo@example.com\\29${'\\28'.repeat(opens)}userPrincipalName=foo@example.com)` +
        '(userPrincipalName=admin@example.com))',
    );
    // The injected parentheses are data: the filter still has exactly two equality tests.
    const ast = parseFilter(out);
    expect(ast.type).toBe('and');
    expect(ast.type === 'and' && ast.filters.map((f) => f.type)).toEqual(['equality', 'equality']);
  });

  it('escapes * ( ) \\ and NUL in every value, lower-case hex as go-ldap', () => {
    const out = compileTemplate('(uid={{.Username}})').render({ Username: 'a*b(c)d\\e\u0000f' });
    expect(out).toBe('(uid=a\\2ab\\28c\\29d\\5ce\\00f)');
  });

  it('hex-escapes every non-ASCII octet by default, and keeps raw UTF-8 with escapeNonAscii false', () => {
    const t = compileTemplate('(cn={{.Username}})');
    expect(t.render({ Username: 'José*' })).toBe('(cn=Jos\\c3\\a9\\2a)');
    expect(t.render({ Username: 'José*' }, { escapeNonAscii: true })).toBe('(cn=Jos\\c3\\a9\\2a)');
    expect(t.render({ Username: 'José*' }, { escapeNonAscii: false })).toBe('(cn=José\\2a)');
  });

  it('escapes the attribute name too (OpenBao escapes UserAttr with EscapeFilter)', () => {
    expect(compileTemplate('({{.UserAttr}}=x)').render({ UserAttr: 'c*n' })).toBe('(c\\2an=x)');
  });

  it('substitutes each value once: a username holding {{.UserDN}} stays literal text', () => {
    const t = compileTemplate('(&(uid={{.Username}})(member={{.UserDN}}))');
    const out = t.render({ Username: '{{.UserDN}}', UserDN: 'cn=admin' });
    expect(out).toBe('(&(uid={{.UserDN}})(member=cn=admin))');
    expect(t.render({ Username: 'x', UserDN: '{{.Username}}' })).toBe('(&(uid=x)(member={{.Username}}))');
  });

  it('does not let a value close the filter or add clauses (template injection)', () => {
    const t = compileTemplate('(&(objectClass=person)(uid={{.Username}}))');
    const hostile = ['*', 'a)(uid=*', '*)(|(uid=*', 'admin)(!(x=y', '\\', 'x\u0000)(cn=*'];
    for (const username of hostile) {
      const ast = parseFilter(t.render({ Username: username }, { escapeNonAscii: false }));
      expect(ast.type === 'and' && ast.filters.length).toBe(2);
      const second = ast.type === 'and' ? ast.filters[1] : undefined;
      expect(second?.type).toBe('equality');
      expect(second?.type === 'equality' && second.value.toString('utf8')).toBe(username);
    }
  });

  it('lists the top-level fields a template reads, once each, in order of first use', () => {
    expect(compileTemplate(DEFAULT_GROUP_FILTER).fields).toEqual(['Username', 'UserDN']);
    expect(compileTemplate('(cn=fixed)').fields).toEqual([]);
    expect(compileTemplate('{{.A.B}}{{.A}}').fields).toEqual(['A']);
  });

  it('allows spaces, tabs and newlines inside the braces', () => {
    expect(compileTemplate('(cn={{ .Username\t}})').render({ Username: 'x' })).toBe('(cn=x)');
    expect(compileTemplate('(cn={{\n.Username\n}})').render({ Username: 'x' })).toBe('(cn=x)');
  });

  it('trims the whitespace before {{- and after -}}, as Go does', () => {
    const t = compileTemplate('(&\n  (cn= \t {{- .Username -}} \n )\n)');
    expect(t.render({ Username: 'x' })).toBe('(&\n  (cn=x)\n)');
    // Without the markers the whitespace stays.
    expect(compileTemplate('(cn= {{ .Username }} )').render({ Username: 'x' })).toBe('(cn= x )');
  });

  it('drops comments, trim markers included', () => {
    expect(compileTemplate('(cn={{/* who */}}{{.Username}})').render({ Username: 'x' })).toBe('(cn=x)');
    expect(compileTemplate('(cn= {{- /* who */ -}} {{.Username}})').render({ Username: 'x' })).toBe('(cn=x)');
  });

  it('keeps text outside actions verbatim, including a lone }}', () => {
    expect(compileTemplate('a}}b{c').render({})).toBe('a}}b{c');
    expect(compileTemplate('').render({})).toBe('');
  });

  it('fails at render, not at compile, for a field the data lacks (as Go at execution)', () => {
    const t = compileTemplate('(cn={{.Foo}})');
    const error = templateError(() => t.render({ UserAttr: 'cn', Username: 'x' }));
    expect(error.phase).toBe('render');
    expect(error.position).toBe(4);
    expect(error.reason).toContain("can't evaluate field Foo");
    expect(error.reason).toContain('.UserAttr, .Username');
  });

  it('is case-sensitive about field names and ignores inherited properties', () => {
    expect(() => compileTemplate('{{.username}}').render({ Username: 'x' })).toThrow(TemplateError);
    expect(() => compileTemplate('{{.constructor}}').render({ Username: 'x' })).toThrow(TemplateError);
    expect(() => compileTemplate('{{.toString}}').render({})).toThrow(TemplateError);
  });

  it('fails at render for a chained field, since every value is a string', () => {
    const error = templateError(() => compileTemplate('x{{.Username.Length}}').render({ Username: 'a' }));
    expect(error.phase).toBe('render');
    expect(error.reason).toContain("can't evaluate field Length in type string");
  });
});

describe('compile errors name the position', () => {
  it("rejects OpenBao's test case hello{{range as an unclosed action at its start", () => {
    const error = templateError(() => compileTemplate('hello{{range'));
    expect(error.phase).toBe('parse');
    expect(error.position).toBe(5);
    expect(error.reason).toContain('unclosed action');
    expect(error.message).toContain('line 1, column 6');
  });

  it('rejects an unclosed comment', () => {
    expect(templateError(() => compileTemplate('(cn={{/* x }})')).reason).toContain('unclosed comment');
  });

  it('rejects an empty action', () => {
    const error = templateError(() => compileTemplate('(cn={{ }})'));
    expect(error.reason).toContain('empty action');
  });

  it('rejects Go actions outside the subset, naming the keyword', () => {
    const cases: [string, string][] = [
      ['{{range .X}}{{end}}', '"range"'],
      ['{{if .Username}}x{{end}}', '"if"'],
      ['{{printf "%s" .Username}}', '"printf"'],
    ];
    for (const [source, word] of cases) {
      const error = templateError(() => compileTemplate(source));
      expect(error.reason).toContain(`unsupported action ${word}`);
      expect(error.position).toBe(2);
    }
  });

  it('rejects pipelines, arguments and {{.}}', () => {
    expect(templateError(() => compileTemplate('{{.Username | printf}}')).reason).toContain('unexpected " "');
    expect(templateError(() => compileTemplate('{{.}}')).reason).toContain('{{.}}');
    expect(templateError(() => compileTemplate('{{.Username.}}')).reason).toContain('field name');
  });

  it('reports line and column on a later line', () => {
    const error = templateError(() => compileTemplate('(&\n  (cn=x)\n  (uid={{.Username)\n)'));
    expect(error.line).toBe(3);
    expect(error.column).toBe(8);
  });

  it('treats {{-3}} as an action, not a trim marker (a dash must be followed by a space)', () => {
    expect(templateError(() => compileTemplate('a {{-3}}')).reason).toContain('unsupported action');
  });
});

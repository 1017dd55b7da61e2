import { describe, expect, it } from 'vitest';
import { cleanMailBody } from '../../scripts/corpus/mail';

const HEADERS = [
  'From someone@example.com  Thu Aug 22 12:36:23 2002',
  'Return-Path: <list-admin@example.com>',
  'Received: from localhost (localhost [127.0.0.1])',
  '\tby mail.example.com (Postfix) with ESMTP id D03E543C36',
  'From: Alice Example <alice@example.com>',
  'Subject: Re: the build is broken again',
].join('\n');

const PROSE = 'The build works again after the fix that went in this morning.';

/** A single-part message with the given extra headers and body lines. */
function message(body: string[], extraHeaders: string[] = []): string {
  return [HEADERS, ...extraHeaders, '', ...body].join('\n');
}

describe('cleanMailBody', () => {
  it.each([
    {
      name: 'strips headers, including folded ones',
      raw: message([PROSE]),
      want: [PROSE],
    },
    {
      name: 'drops quoted lines and the attribution line',
      raw: message([
        'On Thu, 22 Aug 2002, Bob Example wrote:',
        '> Does anyone know why the build is broken?',
        '  | It fails in the linker step.',
        '',
        PROSE,
      ]),
      want: [PROSE],
    },
    {
      name: 'drops a wrapped attribution line',
      raw: message(['On Thu, Aug 22, 2002 at 10:23:58AM -0700, Bob Example', 'wrote:', '> quoted', '', PROSE]),
      want: [PROSE],
    },
    {
      name: 'drops the signature after "-- "',
      raw: message([PROSE, '', '-- ', 'Alice Example, Somewhere Labs', 'Home page and some more words here']),
      want: [PROSE],
    },
    {
      name: 'drops everything from an original-message marker on',
      raw: message([PROSE, '', '-----Original Message-----', 'Please read this forwarded text here now.']),
      want: [PROSE],
    },
    {
      name: 'drops mailing-list footers',
      raw: message([
        PROSE,
        '',
        '-------------------------------------------------------',
        'This sf.net email is sponsored by: OSDN - Tired of that same old',
        'cell phone?  Get a new here for FREE!',
        'https://www.inphonic.com/r.asp?r=sourceforge1&refcode1=vs3390',
      ]),
      want: [PROSE],
    },
    {
      name: 'stops at the underscore rule of a list footer',
      raw: message([PROSE, '_______________________________________________', 'Razor-users mailing list of people']),
      want: [PROSE],
    },
    {
      name: 'decodes quoted-printable bodies',
      raw: message(
        ['The caf=E9 down the road serves the best coffee in the =', 'whole town, don=92t you think?'],
        ['Content-Type: text/plain; charset=windows-1252', 'Content-Transfer-Encoding: quoted-printable'],
      ),
      want: ["The café down the road serves the best coffee in the whole town, don't you think?"],
    },
    {
      name: 'keeps only text/plain parts of a multipart message',
      raw: message(
        [
          'This is a multi-part message in MIME format.',
          '--XYZ',
          'Content-Type: text/plain; charset=us-ascii',
          '',
          PROSE,
          '--XYZ',
          'Content-Type: text/html',
          '',
          '<p>The html version of the same sentence goes here.</p>',
          '--XYZ--',
        ],
        ['Content-Type: multipart/alternative; boundary="XYZ"'],
      ),
      want: [PROSE],
    },
    {
      name: 'strips tags and entities from an html-only message',
      raw: message(
        ['<html><head><style>p { color: red }</style></head><body>', '<p>Tom &amp; Jerry went to the <b>big</b>', 'city&nbsp;today.</p></body></html>'],
        ['Content-Type: text/html; charset=us-ascii'],
      ),
      want: ['Tom & Jerry went to the big city today.'],
    },
    {
      name: 'joins wrapped lines into one paragraph',
      raw: message(['This is a long sentence that my mail client', 'wrapped over three lines because', 'it was long.', '', PROSE]),
      want: ['This is a long sentence that my mail client wrapped over three lines because it was long.', PROSE],
    },
    {
      name: 'drops PGP armour, URL-only lines and code lines',
      raw: message([
        '-----BEGIN PGP SIGNED MESSAGE-----',
        'Hash: SHA1',
        '',
        PROSE,
        '',
        'http://www.example.com/some/page.html',
        '$ rpm -qa | grep foo > /tmp/out',
        '',
        '-----BEGIN PGP SIGNATURE-----',
        'iD8DBQE9ZQJ/example+signature+bytes',
        '-----END PGP SIGNATURE-----',
      ]),
      want: [PROSE],
    },
    {
      name: 'normalizes typographic quotes and dashes',
      raw: message(['\u201cIt\u2019s fine\u201d \u2014 she said, and left\u2026']),
      want: ['"It\'s fine" - she said, and left...'],
    },
    {
      name: 'drops paragraphs that are not prose',
      raw: message(['Thanks, Bob', '', 'total 1234 5678 9101']),
      want: [],
    },
  ])('$name', ({ raw, want }) => {
    expect(cleanMailBody(raw)).toEqual(want);
  });
});

import t from 'tap';
import { Sniffer } from '../../src/domain/sniff';
import { docx, exe, jpeg, ofd, pdf, png, xlsx, zip } from '../fixtures';

/** Feed `content` in chunks of `size` bytes. */
function sniff(content: Buffer, size: number) {
  const sniffer = new Sniffer();
  for (let i = 0; i < content.length; i += size) sniffer.push(content.subarray(i, i + size));
  return sniffer.result();
}

t.test('every type is recognised however the bytes are split', async (t) => {
  const cases = [
    ['pdf', pdf()],
    ['jpg', jpeg()],
    ['png', png()],
    ['ofd', ofd()],
    ['docx', docx()],
    ['xlsx', xlsx()],
    ['ofd', ofd({ dataDescriptors: true })],
    ['docx', docx({ dataDescriptors: true })],
    ['xlsx', xlsx({ dataDescriptors: true })],
  ] as const;
  for (const [type, content] of cases)
    for (const size of [1, 2, 3, 7, 29, 31, 64, 1 << 16])
      t.equal(sniff(content, size), type, `${type} in chunks of ${size}`);
});

t.test('what is not an accepted type', async (t) => {
  t.equal(sniff(exe(), 16), null, 'an executable');
  t.equal(sniff(zip([{ name: 'readme.txt', content: 'x' }]), 5), null, 'a plain ZIP');
  t.equal(
    sniff(zip([{ name: 'docs/OFD.xml', content: 'x' }]), 5),
    null,
    'OFD.xml must be at the root',
  );
  t.equal(sniff(Buffer.from('%PD'), 1), null, 'too short to be a PDF');
  t.equal(sniff(Buffer.alloc(0), 1), null, 'nothing');
  t.equal(sniff(Buffer.from('hello, world'), 4), null, 'text');
});

t.test('the family is known from the head, before the rest arrives', async (t) => {
  const sniffer = new Sniffer();
  sniffer.push(png().subarray(0, 4));
  t.equal(sniffer.family, null, 'not yet after 4 bytes');
  sniffer.push(png().subarray(4, 8));
  t.equal(sniffer.family, 'png');
  const zipped = new Sniffer();
  zipped.push(docx().subarray(0, 8));
  t.equal(zipped.family, 'zip', 'a ZIP is only a family until its entries are seen');
});

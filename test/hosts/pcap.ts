// Writes classic pcap files (the libpcap format tcpdump -r reads) from Ethernet frames, for the
// frames no public capture of tcpdump's own tests has: 802.1Q inside 802.1Q.
import * as fs from 'fs';

/** A pcap file: the global header (magic, version 2.4, snaplen, LINKTYPE_ETHERNET) and each frame with its record header. */
export function writePcap(file: string, frames: Buffer[]): void {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  const records = frames.map((f, i) => {
    const r = Buffer.alloc(16);
    r.writeUInt32LE(1386000000 + i, 0);
    r.writeUInt32LE(f.length, 8);
    r.writeUInt32LE(f.length, 12);
    return Buffer.concat([r, f]);
  });
  fs.writeFileSync(file, Buffer.concat([header, ...records]));
}

const mac = (s: string) => Buffer.from(s.split(':').map((x) => parseInt(x, 16)));
const ip = (s: string) => Buffer.from(s.split('.').map(Number));
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += (b[i] << 8) + (b[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

/** An ICMP echo request from src to dst, inside the given 802.1Q tags (outermost first). */
export function icmpEcho(o: { srcMac: string; dstMac: string; src: string; dst: string; vlans: number[]; seq: number; payload: number }): Buffer {
  const icmp = Buffer.concat([Buffer.from([8, 0, 0, 0]), u16(0x1d2c), u16(o.seq), Buffer.alloc(o.payload, 0x61)]);
  icmp.writeUInt16BE(checksum(icmp), 2);
  const ipHeader = Buffer.concat([Buffer.from([0x45, 0]), u16(20 + icmp.length), u16(o.seq), u16(0x4000), Buffer.from([64, 1, 0, 0]), ip(o.src), ip(o.dst)]);
  ipHeader.writeUInt16BE(checksum(ipHeader), 10);
  const tags = o.vlans.flatMap((v) => [u16(0x8100), u16(v & 0x0fff)]);
  return Buffer.concat([mac(o.dstMac), mac(o.srcMac), ...tags, u16(0x0800), ipHeader, icmp]);
}

// A deterministic sosreport-like tree of an OpenStack compute node: the folder layout of a real
// sosreport (etc/, var/log/ with rotated and gzipped logs, sos_commands/ with many small command
// outputs, proc/, sys/), mostly tiny files, and tale lines planted at known places.
//   generateTree(dir, { files: 76000 }) → { files, bytes, planted }
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** A small deterministic PRNG (mulberry32), so the same tree comes out on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where a tale's lines were planted, and which signal must find them. */
export interface Planted {
  file: string;
  entry: string;
  signal: string;
}

// Lines as the services print them (the same formats as the lab's scenarios and the KB's examples).
const NOVA_INFO = (r: () => number, t: string) =>
  `${t} ${2000 + Math.floor(r() * 900)} INFO nova.compute.resource_tracker [req-${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)} - - - - -] Final resource view: name=cmp-0${Math.floor(r() * 9)} phys_ram=257838MB used_ram=${Math.floor(r() * 200000)}MB phys_disk=1787GB used_disk=${Math.floor(r() * 900)}GB total_vcpus=48 used_vcpus=${Math.floor(r() * 48)} pci_stats=[]`;
const REMOVING_BASE = '2012-12-19 12:10:59.112 2211 INFO nova.virt.libvirt.imagecache [req-6a1f2b3c-9d8e-4f70-a1b2-c3d4e5f60718 None None] Removing base file: /var/lib/nova/instances/_base/7b4783508212f5d242cbf9ff56fb8d33b4ce6166';
const hex = (r: () => number, n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
const stamp = (i: number) => `2024-03-0${1 + (i % 9)} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}`;

export function generateTree(dir: string, o: { files?: number } = {}): { files: number; bytes: number; planted: Planted[] } {
  const r = prng(20240301);
  const target = o.files ?? 76000;
  let files = 0;
  let bytes = 0;
  const planted: Planted[] = [];
  const write = (rel: string, data: string | Buffer) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, data);
    files++;
    bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  };

  // etc/: the node's configuration, INI files among them.
  write('etc/nova/nova.conf', '[DEFAULT]\nmy_ip = 10.1.0.21\nstate_path = /var/lib/nova\nnetwork_manager = nova.network.manager.VlanManager\nvlan_interface = vlan20\nvlan_start = 100\n\n[libvirt]\nvirt_type = kvm\n');
  planted.push({ file: 'etc/nova/nova.conf', entry: 'double-vlan', signal: 'vlan-interface-is-vlan' });
  write('etc/libvirt/qemu.conf', '# excerpt\nstdio_handler = "file"\n');
  planted.push({ file: 'etc/libvirt/qemu.conf', entry: 'console-log-flood', signal: 'qemu-stdio-file' });
  for (let i = 0; i < 600; i++) write(`etc/systemd/system/unit-${i}.service`, `[Unit]\nDescription=Service ${i}\nAfter=network.target\n\n[Service]\nExecStart=/usr/bin/daemon-${i} --config /etc/daemon-${i}.conf\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n`);
  for (let i = 0; i < 1400; i++) write(`etc/conf.d/${i % 40}/setting-${i}.conf`, `# generated\nkey_${i} = ${hex(r, 16)}\nvalue_${i}=${Math.floor(r() * 1e6)}\n`);

  // var/log/: service logs, rotated (.1 plain, .2.gz …), guests' qemu logs.
  const novaLog = (n: number, plant: boolean) => {
    const lines = Array.from({ length: n }, (_, i) => NOVA_INFO(r, stamp(i)));
    if (plant) lines.splice(Math.floor(n / 2), 0, REMOVING_BASE);
    return lines.join('\n') + '\n';
  };
  write('var/log/nova/nova-compute.log', novaLog(20000, false));
  write('var/log/nova/nova-compute.log.1', novaLog(20000, false));
  write('var/log/nova/nova-compute.log.2.gz', zlib.gzipSync(novaLog(20000, true)));
  planted.push({ file: 'var/log/nova/nova-compute.log.2.gz', entry: 'disappearing-images', signal: 'imagecache-removing-base' });
  for (let i = 0; i < 300; i++) write(`var/log/libvirt/qemu/instance-${hex(r, 8)}.log`, `2024-03-01 10:00:0${i % 10}.000+0000: starting up libvirt version: 8.0.0, qemu version: 6.2.0\nLC_ALL=C PATH=/usr/bin QEMU_AUDIO_DRV=none /usr/bin/qemu-system-x86_64 -name guest=instance-${i}\n`);
  for (let i = 0; i < 200; i++) write(`var/log/journal-export/part-${i}.log.${1 + (i % 5)}.gz`, zlib.gzipSync(`Mar  1 10:00:00 cmp-01 systemd[1]: Started Session ${i} of user root.\n`.repeat(20)));
  for (let i = 0; i < 2000; i++) write(`var/log/misc/${i % 50}/daemon-${i}.log`, `Mar  1 10:00:${String(i % 60).padStart(2, '0')} cmp-01 daemon[${1000 + i}]: heartbeat ok\n`.repeat(1 + (i % 5)));

  // sos_commands/: many small outputs of commands, the tale's among them.
  write('sos_commands/networking/ip_-d_link_show', '9: br100: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n    link/ether 00:25:90:aa:12:34 brd ff:ff:ff:ff:ff:ff\n10: vlan100@vlan20: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br100 state UP mode DEFAULT group default qlen 1000\n    link/ether 00:25:90:aa:12:34 brd ff:ff:ff:ff:ff:ff\n    vlan protocol 802.1Q id 100 <REORDER_HDR>\n');
  planted.push({ file: 'sos_commands/networking/ip_-d_link_show', entry: 'double-vlan', signal: 'stacked-vlan-link' });
  for (let p = 0; p < 90; p++) for (let i = 0; i < 100; i++) write(`sos_commands/plugin-${p}/command_${i}_--option`, `output of command ${i} of plugin ${p}\n${hex(r, 40)}\nstatus: ok\n`);

  // proc/ and sys/: the bulk, tiny files of a line or two.
  for (let pid = 1; files < target * 0.45; pid++) {
    for (const f of ['status', 'cmdline', 'limits', 'stat', 'io', 'oom_score', 'cgroup', 'mountinfo']) write(`proc/${pid}/${f}`, `${f} of ${pid}: ${hex(r, 24)}\n`);
  }
  for (let i = 0; files < target; i++) write(`sys/devices/system/node${i % 4}/device-${Math.floor(i / 100)}/attr-${i % 100}`, `${Math.floor(r() * 100000)}\n`);
  return { files, bytes, planted };
}

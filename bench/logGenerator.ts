import * as fs from 'fs';

/**
 * Writes a realistic OpenStack log of about `bytes` bytes: nova-compute, nova-api access
 * lines, neutron agents, dnsmasq renewals and syslog noise, with one signal line (a tale)
 * every `signalEvery` bytes. Deterministic (seeded), so runs compare. `rare`: without the API
 * access lines, so that only the planted lines hold a signal's literal (where grep skips most).
 */
export function generateLog(file: string, bytes: number, signalEvery = 16 * 1024 * 1024, o: { rare?: boolean } = {}): { lines: number; signalLines: number } {
  let seed = 42;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[rnd(16)]).join('');
  const req = () => `req-${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const templates = [
    (t: string) => `${t} 2211 INFO nova.compute.resource_tracker [${req()} - - - - -] Final resource view: name=cmp-${rnd(300)} phys_ram=96638MB used_ram=${rnd(90000)}MB phys_disk=1862GB used_disk=${rnd(900)}GB total_vcpus=32 used_vcpus=${rnd(32)} pci_stats=[]`,
    (t: string) => `${t} 3120 INFO nova.osapi_compute.wsgi.server [${req()} ${hex(32)} ${hex(32)}] 10.0.${rnd(255)}.${rnd(255)} "GET /v2.1/${hex(32)}/servers/detail?limit=${rnd(1000)} HTTP/1.1" status: 200 len: ${rnd(90000)} time: ${rnd(3)}.${hex(4).replace(/[a-f]/g, '7')}`,
    (t: string) => `${t} 2211 DEBUG oslo_concurrency.lockutils [${req()} - - - - -] Lock "compute_resources" acquired by "nova.compute.resource_tracker._update_available_resource" :: waited 0.00${rnd(9)}s`,
    (t: string) => `${t} 1877 INFO neutron.agent.securitygroups_rpc [${req()} - - - - -] Security group member updated ['${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}']`,
    (t: string) => `${t} 1877 INFO neutron.plugins.ml2.drivers.linuxbridge.agent.linuxbridge_neutron_agent [${req()} - - - - -] Port tap${hex(8)}-${hex(2)} updated. Details: {'device': 'tap${hex(8)}', 'network_type': 'vlan', 'segmentation_id': ${100 + rnd(200)}}`,
    (t: string) => `${t} 2211 INFO nova.virt.libvirt.imagecache [${req()} - - - - -] Active base files: /var/lib/nova/instances/_base/${hex(40)}`,
    (_t: string) => `Aug 30 02:${String(rnd(60)).padStart(2, '0')}:${String(rnd(60)).padStart(2, '0')} cc01 dnsmasq-dhcp[2211]: DHCPACK(br${100 + rnd(20)}) 10.0.${rnd(255)}.${rnd(255)} fa:16:3e:${hex(2)}:${hex(2)}:${hex(2)} vm-${hex(6)}`,
    (_t: string) => `Aug 30 02:${String(rnd(60)).padStart(2, '0')}:${String(rnd(60)).padStart(2, '0')} cmp-${rnd(300)} kernel: [${rnd(999999)}.${hex(6).replace(/[a-f]/g, '1')}] brq${hex(8)}-${hex(2)}: port ${rnd(9)}(tap${hex(8)}-${hex(2)}) entered forwarding state`,
    (t: string) => `${t} 2211 WARNING nova.compute.manager [${req()} - - - - -] While synchronizing instance power states, found ${rnd(40)} instances in the database and ${rnd(40)} instances on the hypervisor.`,
  ];
  // Rare matches: no API access lines, whose ".wsgi.server" every slow-request signal looks for; only the planted lines match.
  if (o.rare) templates.splice(1, 1);
  const signals = [
    '2012-12-19 12:10:59.112 2211 INFO nova.virt.libvirt.imagecache [req-6a1f2b3c-9d8e-4f70-a1b2-c3d4e5f60718 - - - - -] Removing base file: /var/lib/nova/instances/_base/7b4783508212f5d242cbf9ff56fb8d33b4ce6166_10',
    '2014-01-10 09:11:45.072 129745 INFO nova.ec2.wsgi.server [req-84d16d16-3808-426b-b7af-3b90a11b83b0 0c6e7dba03c24c6a9bce299747499e8a 7052bd6714e7460caeb16242e68124f9] 117.103.103.29 "GET /services/Cloud?Action=RunInstances HTTP/1.1" status: 200 len: 1109 time: 138.5970151',
    'Feb 15 01:40:18 SW-1 Stp: %SPANTREE-4-BLOCK_BPDUGUARD: Received BPDU packet on Port-Channel35 with BPDU guard enabled. Disabling interface. (source mac fa:16:3e:24:e7:22)',
    'Aug 30 02:15:22 backup01 dhclient: No DHCPOFFERS received.',
  ];
  // A 4 MiB block of varied lines, written again and again: generation stays fast.
  const block: string[] = [];
  let size = 0;
  for (let i = 0; size < 4 * 1024 * 1024; i++) {
    const t = `2024-03-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}`;
    const line = templates[rnd(templates.length)](t);
    block.push(line);
    size += line.length + 1;
  }
  const blockBuf = Buffer.from(block.join('\n') + '\n');
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let lines = 0;
  let signalLines = 0;
  let nextSignal = signalEvery / 2;
  try {
    while (written < bytes) {
      fs.writeSync(fd, blockBuf);
      written += blockBuf.length;
      lines += block.length;
      if (written >= nextSignal) {
        const s = Buffer.from(signals[signalLines % signals.length] + '\n');
        fs.writeSync(fd, s);
        written += s.length;
        lines++;
        signalLines++;
        nextSignal += signalEvery;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return { lines, signalLines };
}

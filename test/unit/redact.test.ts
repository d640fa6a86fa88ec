import * as assert from 'assert';
import { redactLines, redactSecrets } from '../../src/core/text/redact';

describe('secret redaction', () => {
  it('hides passwords in transport_url and database connection URLs', () => {
    assert.strictEqual(redactSecrets('transport_url = rabbit://nova:S3cr3t!@ctl1:5672,nova:other@ctl2:5672/'), 'transport_url = rabbit://nova:***@ctl1:5672,nova:***@ctl2:5672/');
    assert.strictEqual(redactSecrets('connection = mysql+pymysql://nova:hunter2@db/nova'), 'connection = mysql+pymysql://nova:***@db/nova');
  });

  it('hides the values of keys that name a secret, and leaves the rest', () => {
    assert.strictEqual(redactSecrets('admin_password = swordfish\nmetadata_proxy_shared_secret: abc\nvlan_interface = vlan20'), 'admin_password = ***\nmetadata_proxy_shared_secret: ***\nvlan_interface = vlan20');
    assert.strictEqual(redactSecrets('http://example.org/path'), 'http://example.org/path');
  });
});

// Fernet tokens as keystone issues them (base64url, starting gAAAAA) and as keystoneauth logs them ({SHA256}…).
const FERNET = 'gAAAAABm3xQ1fZkR8W0p2J9xYl4oTq7Nn6vK3bHcXgE5sUaD1iLrVw0yPzM8tQeJ_hB2kF4oN7cR9dS-aG6uY3lI5mW8vX0zC1bE2nH4jK6pL8qT0rU2sV4wY6zA8c';
const HASHED = '{SHA256}3f0c2b9a1e7d4c6b8a0f2e4d6c8b0a1f3e5d7c9b1a3f5e7d9c1b3a5f7e9d1c3b';

/** [line as a tool writes it, the line as it may be shown]. */
const REDACTED: [string, string][] = [
  // oslo.config files (nova.conf, neutron.conf, keystone.conf, …): "key = value", the value is the rest of the line.
  ['password = Sup3r S3cret!', 'password = ***'],
  ['admin_password=swordfish', 'admin_password=***'],
  ['rabbit_password = guest', 'rabbit_password = ***'],
  ['memcache_secret_key = 9b3f1c0e7d2a', 'memcache_secret_key = ***'],
  ['metadata_proxy_shared_secret = Kx9!p2#q', 'metadata_proxy_shared_secret = ***'],
  ['fixed_key = 6b0c3f9e1a2d4c5b8e7f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d', 'fixed_key = ***'],
  ['fernet_key = 8_X2sJTs0Gq3yDMhQbF6e2mjRvWlWJ4wZc1k5YHl0Ew=', 'fernet_key = ***'],
  ['admin_token = ADMIN', 'admin_token = ***'],
  ['hmac_keys = SECRET_KEY', 'hmac_keys = ***'],
  ['#password = <None>', '#password = ***'],
  ['transport_url = rabbit://openstack:s3cr@t@10.0.0.11:5672/', 'transport_url = rabbit://openstack:***@10.0.0.11:5672/'],
  ['connection = mysql+pymysql://nova:p@ss@controller/nova', 'connection = mysql+pymysql://nova:***@controller/nova'],
  ['transport_url = rabbit://nova:p@ss@ctl1:5672,nova:a,b@ctl2:5672/nova', 'transport_url = rabbit://nova:***@ctl1:5672,nova:***@ctl2:5672/nova'],
  // A "/" in the password (openssl rand -base64): not valid in a URL, but it is what the operator wrote.
  ['connection = mysql+pymysql://cinder:ab/cd+ef@db.example.org/cinder?charset=utf8', 'connection = mysql+pymysql://cinder:***@db.example.org/cinder?charset=utf8'],
  ['backend_url = redis://:s3cr3t@127.0.0.1:6379', 'backend_url = redis://:***@127.0.0.1:6379'],
  // Kolla passwords.yml, Horizon local_settings.py.
  ['keystone_admin_password: Sk3Jx9aQ', 'keystone_admin_password: ***'],
  ['  password: "s3cret"', '  password: "***"'],
  ["SECRET_KEY = 'dj4ng0-s3cr3t'", "SECRET_KEY = '***'"],
  // grep -Hn (and -C context lines) over /etc.
  ['nova.conf:42:password = x', 'nova.conf:42:password = ***'],
  ['/etc/nova/nova.conf:12:admin_password=secret', '/etc/nova/nova.conf:12:admin_password=***'],
  ['/etc/neutron/neutron.conf:3141:transport_url = rabbit://openstack:RABBIT_PASS@controller', '/etc/neutron/neutron.conf:3141:transport_url = rabbit://openstack:***@controller'],
  ['/etc/neutron/metadata_agent.ini-214-metadata_proxy_shared_secret = METADATA_SECRET', '/etc/neutron/metadata_agent.ini-214-metadata_proxy_shared_secret = ***'],
  ['/etc/kolla/passwords.yml:87:database_password: Xq7Lm2', '/etc/kolla/passwords.yml:87:database_password: ***'],
  // openstack CLI and openrc files.
  ['openstack --os-auth-url http://controller:5000/v3 --os-username admin --os-password s3cr3t server list', 'openstack --os-auth-url http://controller:5000/v3 --os-username admin --os-password *** server list'],
  ['openstack --os-password=s3cr3t token issue', 'openstack --os-password=*** token issue'],
  ['openstack user create --domain default --password Passw0rd demo', 'openstack user create --domain default --password *** demo'],
  ['export OS_PASSWORD=ADMIN_PASS', 'export OS_PASSWORD=***'],
  ["export OS_PASSWORD='p@ss w0rd'", "export OS_PASSWORD='***'"],
  [`OS_TOKEN=${FERNET}`, 'OS_TOKEN=***'],
  // At the start of a line the value is the rest of it, as in a configuration file: the command goes too.
  ['OS_PASSWORD=s3cr3t openstack server list', 'OS_PASSWORD=***'],
  ['declare -x OS_PASSWORD="s3cr3t"', 'declare -x OS_PASSWORD="***"'],
  // curl and HTTP headers.
  [`curl -s -H "X-Auth-Token: ${FERNET}" http://controller:8774/v2.1/servers`, 'curl -s -H "X-Auth-Token: ***" http://controller:8774/v2.1/servers'],
  ["curl -i -H 'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln' https://api.example.org/", "curl -i -H 'Authorization: Bearer ***' https://api.example.org/"],
  ['Authorization: Basic YWRtaW46c2VjcmV0', 'Authorization: Basic ***'],
  [`X-Subject-Token: ${FERNET}`, 'X-Subject-Token: ***'],
  [
    `curl -s -X POST http://controller:5000/v3/auth/tokens -H "Content-Type: application/json" -d '{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"name": "Default"}, "password": "ADMIN_PASS"}}}}}'`,
    `curl -s -X POST http://controller:5000/v3/auth/tokens -H "Content-Type: application/json" -d '{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "domain": {"name": "Default"}, "password": "***"}}}}}'`,
  ],
  // keystone, keystoneauth and service logs.
  [
    `2024-03-01 10:15:02.123 27 DEBUG keystoneauth.session [-] REQ: curl -g -i -X GET http://controller:9696/v2.0/ports -H "Accept: application/json" -H "X-Auth-Token: ${HASHED}"`,
    '2024-03-01 10:15:02.123 27 DEBUG keystoneauth.session [-] REQ: curl -g -i -X GET http://controller:9696/v2.0/ports -H "Accept: application/json" -H "X-Auth-Token: ***"',
  ],
  [
    `2024-03-01 10:15:02.130 27 DEBUG keystoneauth.session [-] RESP: [201] Content-Type: application/json Content-Length: 3412 X-Subject-Token: ${FERNET} Vary: X-Auth-Token x-openstack-request-id: req-9f0c2b9a`,
    '2024-03-01 10:15:02.130 27 DEBUG keystoneauth.session [-] RESP: [201] Content-Type: application/json Content-Length: 3412 X-Subject-Token: *** Vary: X-Auth-Token x-openstack-request-id: req-9f0c2b9a',
  ],
  [
    `2024-03-01 10:15:02.456 31 WARNING keystone.server.flask.application [req-5d1e 9a7 - - - -] Could not find token: ${FERNET}.`,
    '2024-03-01 10:15:02.456 31 WARNING keystone.server.flask.application [req-5d1e 9a7 - - - -] Could not find token: ***',
  ],
  [`2024-03-01 10:15:03.001 31 DEBUG keystone.token.provider [-] Failed to validate token ${FERNET} because it expired`, '2024-03-01 10:15:03.001 31 DEBUG keystone.token.provider [-] Failed to validate token *** because it expired'],
  [
    "2024-03-01 10:15:04.210 12 DEBUG novaclient.v2.client [-] Authenticating with {'username': 'admin', 'password': 'secret', 'project_name': 'admin'}",
    "2024-03-01 10:15:04.210 12 DEBUG novaclient.v2.client [-] Authenticating with {'username': 'admin', 'password': '***', 'project_name': 'admin'}",
  ],
  [
    "2024-03-01 10:15:04.300 12 DEBUG novaclient.v2.client [-] REQ headers: {'Authorization': 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln', 'Accept': 'application/json'}",
    "2024-03-01 10:15:04.300 12 DEBUG novaclient.v2.client [-] REQ headers: {'Authorization': 'Bearer ***', 'Accept': 'application/json'}",
  ],
  // JSON API bodies, also JSON inside a JSON string (keystone credential blobs).
  ['{"auth_token":"gAAAAABm","expires":"2025-01-01T00:00:00Z"}', '{"auth_token":"***","expires":"2025-01-01T00:00:00Z"}'],
  ['{"server": {"id": "7d1f0a52-5b8c-4c1e-9a0d-3f2e1b4c5d6e", "adminPass": "Zx8c3Ju6kP7q"}}', '{"server": {"id": "7d1f0a52-5b8c-4c1e-9a0d-3f2e1b4c5d6e", "adminPass": "***"}}'],
  ['{"blob": "{\\"access\\": \\"181920\\", \\"secret\\": \\"s3cr3tK3y\\"}", "type": "ec2"}', '{"blob": "{\\"access\\": \\"181920\\", \\"secret\\": \\"***\\"}", "type": "ec2"}'],
  ['    "password": "p\\"q",', '    "password": "***",'],
  // Cisco IOS and NX-OS running-config.
  ['username admin privilege 15 password 0 cleartext', 'username admin privilege 15 password 0 ***'],
  ['enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0', 'enable secret 5 ***'],
  ['enable password cisco123', 'enable password ***'],
  ['snmp-server community public RO', 'snmp-server community *** RO'],
  ['tacacs-server host 10.1.1.5 key 7 0822455D0A16', 'tacacs-server host 10.1.1.5 key 7 ***'],
  ['radius-server host 10.1.1.6 auth-port 1812 acct-port 1813 key s3cr3t', 'radius-server host 10.1.1.6 auth-port 1812 acct-port 1813 key ***'],
  [' password 7 0822455D0A16', ' password 7 ***'],
  [' neighbor 10.0.0.2 password 7 121A0C041104', ' neighbor 10.0.0.2 password 7 ***'],
  [' ip ospf message-digest-key 1 md5 7 0822455D0A16', ' ip ospf message-digest-key 1 md5 7 ***'],
  ['ntp authentication-key 1 md5 0822455D0A16 7', 'ntp authentication-key 1 md5 *** 7'],
  ['username admin password 5 $5$KLMNO$Ab3dEf role network-admin', 'username admin password 5 *** role network-admin'],
  ['snmp-server user admin network-admin auth md5 0x3a9f priv aes-128 0x7b2c localizedkey', 'snmp-server user admin network-admin auth md5 *** priv aes-128 *** localizedkey'],
  // URLs: credentials before the host, secrets in query strings.
  ['http://admin:s3cret@10.0.0.5:8080/status', 'http://admin:***@10.0.0.5:8080/status'],
  ['amqp://guest:guest@localhost:5672//', 'amqp://guest:***@localhost:5672//'],
  ['GET https://controller:5000/v3/auth/tokens?password=hunter2&nocatalog=1 HTTP/1.1', 'GET https://controller:5000/v3/auth/tokens?password=***&nocatalog=1 HTTP/1.1'],
  ['wss://console.example.org:6083/websockify?token=5a7c9e1b-3d2f-4a6c-8e0b-1d3f5a7c9e1b', 'wss://console.example.org:6083/websockify?token=***'],
  ['next=http://a:b@h/?x=1 and http://c:d@e@h2/', 'next=http://a:***@h/?x=1 and http://c:***@h2/'],
  // Private keys: everything between BEGIN and END, line for line.
  [
    'key file:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAv7s1\nc2VjcmV0IGtleQ==\n-----END RSA PRIVATE KEY-----\nafter',
    'key file:\n-----BEGIN RSA PRIVATE KEY-----\n***\n***\n-----END RSA PRIVATE KEY-----\nafter',
  ],
  ['-----BEGIN OPENSSH PRIVATE KEY-----\r\nb3BlbnNzaC1rZXktdjE=\r\n-----END OPENSSH PRIVATE KEY-----\r\n', '-----BEGIN OPENSSH PRIVATE KEY-----\r\n***\r\n-----END OPENSSH PRIVATE KEY-----\r\n'],
  // A key cut off (the end of a truncated file): all of the rest.
  ['-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0B\nAQUwQTApBgkqhkiG', '-----BEGIN ENCRYPTED PRIVATE KEY-----\n***\n***'],
];

/** Lines that name secrets without holding one, or hold something that only looks like one. */
const UNCHANGED: string[] = [
  'auth_strategy = keystone',
  'auth_type = password',
  'vlan_interface = vlan20',
  'key_name = mykey',
  'openstack server create --flavor m1.tiny --image cirros --key-name mykey vm1',
  'openstack user create --domain default --password-prompt demo',
  '[keystone_authtoken]',
  'memcache_security_strategy = ENCRYPT',
  // Settings about passwords and tokens, not secrets: a name ending in length, days, regex, time, uuid, … is policy or an id.
  'password_length = 12',
  'password_expires_days = 90',
  'password_regex = ^(?=.*\\d)(?=.*[a-zA-Z]).{7,}$',
  'token_cache_time = 300',
  'key_repository = /etc/keystone/fernet-keys/',
  'rbd_secret_uuid = 457eb676-33da-42ec-9a8c-9293d545c337',
  'provider = fernet',
  'network_vlan_ranges = physnet1:100:200',
  'memcache_servers = 10.0.0.1:11211,10.0.0.2:11211',
  'auth_url = http://controller:5000/v3',
  'OS_AUTH_TYPE=v3password',
  'PWD=/root',
  // oslo.config's own mask stays as it is.
  '2024-03-01 10:15:00.001 12 DEBUG oslo_service.service [-] keystone_authtoken.password = **** log_opt_values',
  // Prose.
  '2024-03-01 10:15:05.000 12 WARNING nova.api.openstack [-] Login failed: wrong password for user admin',
  '2024-03-01 10:15:05.100 31 WARNING keystone.server.flask.application [-] Authorization failed. The request you have made requires authentication. from 10.0.0.5',
  '2024-03-01 10:15:05.200 9 DEBUG keystonemiddleware.auth_token [-] Authenticating user token process_request /usr/lib/python3/dist-packages/keystonemiddleware/auth_token/__init__.py:308',
  '2024-03-01 10:15:05.300 31 INFO keystone.common.fernet_utils [-] Loaded 2 Fernet keys from /etc/keystone/fernet-keys/',
  '{"token": {"methods": ["password"], "expires_at": "2025-01-01T00:00:00.000000Z"}}',
  'GET /v2.1/servers/detail?sort_key=created_at&sort_dir=desc&limit=50 HTTP/1.1',
  'http://10.0.0.5:8774/v2.1/os-keypairs?user_id=admin@example.org',
  '2024-03-01 10:15:06.000 12 ERROR oslo_db.sqlalchemy.engines [-] Database connection was found disconnected; reconnecting: pymysql.err.OperationalError: (1045, "Access denied for user \'nova\'@\'10.0.0.5\' (using password: YES)")',
  '[sudo] password for stack:',
  // Cisco lines around the secrets.
  'interface Ethernet1/12',
  ' switchport access vlan 20',
  'username admin privilege 15 role network-admin',
  'crypto key generate rsa modulus 2048',
  'key chain OSPF',
  ' key 1',
  // Certificates are public.
  '-----BEGIN CERTIFICATE-----\nMIIDXTCCAkWgAwIBAgIJAKL0UG+mRKS\n-----END CERTIFICATE-----',
];

describe('secret redaction, line formats', () => {
  for (const [line, expected] of REDACTED) {
    it(`hides the secret in ${JSON.stringify(line.slice(0, 70))}`, () => assert.strictEqual(redactSecrets(line), expected));
  }
  for (const line of UNCHANGED) {
    it(`leaves ${JSON.stringify(line.slice(0, 70))}`, () => assert.strictEqual(redactSecrets(line), line));
  }

  it('hides a private key given line by line', () => {
    const lines = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', '-----END PRIVATE KEY-----', 'password = x'];
    assert.deepStrictEqual(redactLines(lines), ['-----BEGIN PRIVATE KEY-----', '***', '-----END PRIVATE KEY-----', 'password = ***']);
  });

  it('takes time in proportion to the text on 1 MB lines made to make a regex backtrack', function () {
    this.timeout(20000);
    const mb = (unit: string) => unit.repeat(Math.ceil(2 ** 20 / unit.length));
    const lines = [
      mb('a'),
      mb('password'),
      mb('a.'),
      mb('a:'),
      mb(' '),
      mb('password="'),
      mb('x-1-'),
      mb('http://a:b/'),
      mb('u@h,'),
      `s://${mb('u:p@h,')}`,
      mb('"password":"'),
      mb('--password '),
      mb('\\"secret\\": \\"'),
      mb('a='),
      mb('s://u:p@'),
      mb('-----BEGIN PRIVATE KEY-----'),
      mb('password 7 '),
      mb('gAAAAA'),
      `password = ${mb('x')}`,
      `${mb('a')}=b`,
    ];
    for (const line of lines) {
      const t0 = performance.now();
      redactSecrets(line);
      const ms = performance.now() - t0;
      // A bound against catastrophic backtracking, not a benchmark: a linear pass takes well under 0.2 s.
      assert.ok(ms < 1000, `${JSON.stringify(line.slice(0, 20))}…: ${Math.round(ms)} ms`);
    }
  });
});

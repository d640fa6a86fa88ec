import * as assert from 'assert';
import { redactSecrets } from '../../src/core/text/redact';

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

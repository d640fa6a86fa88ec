-- Nova "current" schema for six tables, transcribed by hand for the test tier.
--
-- Upstream: openstack/nova, tag 33.0.2 (newest release tag in the stored mirror; it is
--           on stable/2026.1)
-- Commit:   32bd8471f86fa33555dc9890b8730d83296da7b0  (git rev-parse 33.0.2^{commit})
-- Files:    nova/db/main/migrations/versions/8f2f1571d55b_initial_version.py  (alembic baseline)
--           plus these later migrations at that tag that touch the six tables:
--             ccb0fa1a2252_add_encryption_fields_to_.py      block_device_mapping: adds encrypted,
--                                                            encryption_secret_uuid, encryption_format,
--                                                            encryption_options
--             960aac0e09ea_de_duplicate_indexes_in_instances__.py  instances: drops index `uuid`
--                                                            (uniq_instances0uuid stays)
--             1acf2c98e646_add_compute_id_to_instance.py     instances: adds compute_id and
--                                                            instances_compute_id_deleted_idx
--           Checked and not relevant to these tables: 16f1fbcab42b (shadow tables only),
--           1b91788ec3a6 (migrate_version), 13863f4e1612 and d60bddf7a903 (share_mapping),
--           2903cd72dc14 (console_auth_tokens).
--
-- Where each table comes from (in upgrade() of 8f2f1571d55b_initial_version.py):
--   instances                 op.create_table('instances', ...) + 960aac0e09ea + 1acf2c98e646
--   instance_system_metadata  op.create_table('instance_system_metadata', ...)
--   instance_metadata         op.create_table('instance_metadata', ...)
--   instance_faults           op.create_table('instance_faults', ...)
--   instance_actions          op.create_table('instance_actions', ...)
--   block_device_mapping      op.create_table('block_device_mapping', ...) + ccb0fa1a2252
-- Columns added later go at the end of the table, where ALTER TABLE ADD COLUMN puts them.
--
-- Type mapping (SQLAlchemy on MySQL): String(n)->VARCHAR(n), types.MediumText()->MEDIUMTEXT,
-- InetSmall()->VARCHAR(39), Integer->INT, BigInteger->BIGINT, Boolean->TINYINT(1),
-- DateTime->DATETIME, Enum->ENUM. Integer primary keys get AUTO_INCREMENT, as SQLAlchemy
-- emits on MySQL. No Boolean CHECK constraints are written.
--
-- Defaults: none of these columns has a server_default. instances.cleaned has
-- default=0, but that is a Python-side SQLAlchemy default, so the DDL has no DEFAULT.
--
-- Foreign keys left out on purpose, so rows can be bulk-loaded in any order. Upstream has
-- these (all point at instances.uuid):
--   block_device_mapping_instance_uuid_fkey   block_device_mapping.instance_uuid
--   instance_metadata_instance_uuid_fkey      instance_metadata.instance_uuid
--   instance_system_metadata_ibfk_1           instance_system_metadata.instance_uuid
--   fk_instance_actions_instance_uuid         instance_actions.instance_uuid
--   fk_instance_faults_instance_uuid          instance_faults.instance_uuid
-- None of these six tables has an FK to a table outside the set. (share_mapping's FK
-- into instances is on the share_mapping table, which is not in this set.) Every FK
-- column is already the leftmost column of an index, so leaving the FKs out does not
-- drop any index that MySQL would otherwise add implicitly.

CREATE TABLE instances (
  created_at DATETIME,
  updated_at DATETIME,
  deleted_at DATETIME,
  id INT NOT NULL AUTO_INCREMENT,
  internal_id INT,
  user_id VARCHAR(255),
  project_id VARCHAR(255),
  image_ref VARCHAR(255),
  kernel_id VARCHAR(255),
  ramdisk_id VARCHAR(255),
  launch_index INT,
  key_name VARCHAR(255),
  key_data MEDIUMTEXT,
  power_state INT,
  vm_state VARCHAR(255),
  memory_mb INT,
  vcpus INT,
  hostname VARCHAR(255),
  host VARCHAR(255),
  user_data MEDIUMTEXT,
  reservation_id VARCHAR(255),
  launched_at DATETIME,
  terminated_at DATETIME,
  display_name VARCHAR(255),
  display_description VARCHAR(255),
  availability_zone VARCHAR(255),
  locked TINYINT(1),
  os_type VARCHAR(255),
  launched_on MEDIUMTEXT,
  instance_type_id INT,
  vm_mode VARCHAR(255),
  uuid VARCHAR(36) NOT NULL,
  architecture VARCHAR(255),
  root_device_name VARCHAR(255),
  access_ip_v4 VARCHAR(39),
  access_ip_v6 VARCHAR(39),
  config_drive VARCHAR(255),
  task_state VARCHAR(255),
  default_ephemeral_device VARCHAR(255),
  default_swap_device VARCHAR(255),
  progress INT,
  auto_disk_config TINYINT(1),
  shutdown_terminate TINYINT(1),
  disable_terminate TINYINT(1),
  root_gb INT,
  ephemeral_gb INT,
  cell_name VARCHAR(255),
  node VARCHAR(255),
  deleted INT,
  locked_by ENUM('owner','admin'),
  cleaned INT,
  ephemeral_key_uuid VARCHAR(36),
  hidden TINYINT(1),
  compute_id BIGINT,                                    -- 1acf2c98e646
  PRIMARY KEY (id),
  -- Index('uuid', 'uuid', unique=True) from the baseline is dropped by 960aac0e09ea
  KEY instances_reservation_id_idx (reservation_id),
  KEY instances_terminated_at_launched_at_idx (terminated_at, launched_at),
  KEY instances_task_state_updated_at_idx (task_state, updated_at),
  KEY instances_uuid_deleted_idx (uuid, deleted),
  KEY instances_host_node_deleted_idx (host, node, deleted),
  KEY instances_host_deleted_cleaned_idx (host, deleted, cleaned),
  KEY instances_project_id_deleted_idx (project_id, deleted),
  KEY instances_deleted_created_at_idx (deleted, created_at),
  KEY instances_project_id_idx (project_id),
  KEY instances_updated_at_project_id_idx (updated_at, project_id),
  KEY instances_compute_id_deleted_idx (compute_id, deleted),   -- 1acf2c98e646
  CONSTRAINT uniq_instances0uuid UNIQUE (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE block_device_mapping (
  created_at DATETIME,
  updated_at DATETIME,
  deleted_at DATETIME,
  id INT NOT NULL AUTO_INCREMENT,
  device_name VARCHAR(255),
  delete_on_termination TINYINT(1),
  snapshot_id VARCHAR(36),
  volume_id VARCHAR(36),
  volume_size INT,
  no_device TINYINT(1),
  connection_info MEDIUMTEXT,
  instance_uuid VARCHAR(36),
  deleted INT,
  source_type VARCHAR(255),
  destination_type VARCHAR(255),
  guest_format VARCHAR(255),
  device_type VARCHAR(255),
  disk_bus VARCHAR(255),
  boot_index INT,
  image_id VARCHAR(36),
  tag VARCHAR(255),
  attachment_id VARCHAR(36),
  uuid VARCHAR(36),
  volume_type VARCHAR(255),
  encrypted TINYINT(1),                                 -- ccb0fa1a2252
  encryption_secret_uuid VARCHAR(36),                   -- ccb0fa1a2252
  encryption_format VARCHAR(128),                       -- ccb0fa1a2252
  encryption_options VARCHAR(4096),                     -- ccb0fa1a2252
  PRIMARY KEY (id),
  KEY snapshot_id (snapshot_id),
  KEY volume_id (volume_id),
  KEY block_device_mapping_instance_uuid_idx (instance_uuid),
  KEY block_device_mapping_instance_uuid_device_name_idx (instance_uuid, device_name),
  KEY block_device_mapping_instance_uuid_volume_id_idx (instance_uuid, volume_id),
  CONSTRAINT uniq_block_device_mapping0uuid UNIQUE (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE instance_faults (
  created_at DATETIME,
  updated_at DATETIME,
  deleted_at DATETIME,
  id INT NOT NULL AUTO_INCREMENT,
  instance_uuid VARCHAR(36),
  code INT NOT NULL,
  message VARCHAR(255),
  details MEDIUMTEXT,
  host VARCHAR(255),
  deleted INT,
  PRIMARY KEY (id),
  KEY instance_faults_host_idx (host),
  KEY instance_faults_instance_uuid_deleted_created_at_idx (instance_uuid, deleted, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE instance_metadata (
  created_at DATETIME,
  updated_at DATETIME,
  deleted_at DATETIME,
  id INT NOT NULL AUTO_INCREMENT,
  `key` VARCHAR(255),
  value VARCHAR(255),
  instance_uuid VARCHAR(36),
  deleted INT,
  PRIMARY KEY (id),
  KEY instance_metadata_instance_uuid_idx (instance_uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE instance_system_metadata (
  created_at DATETIME,
  updated_at DATETIME,
  deleted_at DATETIME,
  id INT NOT NULL AUTO_INCREMENT,
  instance_uuid VARCHAR(36) NOT NULL,
  `key` VARCHAR(255) NOT NULL,
  value VARCHAR(255),
  deleted INT,
  PRIMARY KEY (id),
  KEY instance_uuid (instance_uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE instance_actions (
  created_at DATETIME,
  updated_at DATETIME,
  deleted_at DATETIME,
  id INT NOT NULL AUTO_INCREMENT,
  action VARCHAR(255),
  instance_uuid VARCHAR(36),
  request_id VARCHAR(255),
  user_id VARCHAR(255),
  project_id VARCHAR(255),
  start_time DATETIME,
  finish_time DATETIME,
  message VARCHAR(255),
  deleted INT,
  PRIMARY KEY (id),
  KEY instance_uuid_idx (instance_uuid),
  KEY request_id_idx (request_id),
  KEY instance_actions_instance_uuid_updated_at_idx (instance_uuid, updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

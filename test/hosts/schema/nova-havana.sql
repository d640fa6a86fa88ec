-- Nova "Havana" schema for six tables, transcribed by hand for the test tier.
--
-- Upstream: openstack/nova  nova/db/sqlalchemy/migrate_repo/versions/216_havana.py
-- Tag:      2014.1 (Icehouse; 216_havana.py is its compacted Havana baseline)
-- Commit:   87f57c0a2cc00a70edc87c5dc10bdefb6c01587b  (git rev-parse 2014.1^{commit})
--
-- Where each table comes from (all inside upgrade() of 216_havana.py):
--   instances                 Table('instances', ...); then, right after instances.create(),
--                             Index('project_id') and Index('uuid', unique=True); plus
--                             common_indexes "# instances" block
--   instance_system_metadata  Table('instance_system_metadata', ...); index from mysql_pre_indexes
--   instance_metadata         Table('instance_metadata', ...); common_indexes "# instance_metadata"
--   instance_faults           Table('instance_faults', ...); common_indexes "# instance_faults"
--   instance_actions          Table('instance_actions', ...); common_indexes "# instance_actions"
--   block_device_mapping      Table('block_device_mapping', ...); indexes from mysql_pre_indexes
--                             (snapshot_id, volume_id) and common_indexes "# block_device_mapping"
--
-- Type mapping (SQLAlchemy on MySQL): String(n)->VARCHAR(n), MediumText()->MEDIUMTEXT,
-- InetSmall()->VARCHAR(39), Integer->INT, Boolean->TINYINT(1), DateTime->DATETIME,
-- Enum->ENUM. Integer primary keys get AUTO_INCREMENT, as SQLAlchemy emits on MySQL.
-- No Boolean CHECK constraints are written.
--
-- Defaults: none of these columns has a server_default. instances.cleaned has
-- default=0, but that is a Python-side SQLAlchemy default, so the DDL has no DEFAULT.
--
-- Foreign keys left out on purpose, so rows can be bulk-loaded in any order. Upstream
-- creates them at the end of upgrade() (the "fkeys" list, MySQL names):
--   block_device_mapping_instance_uuid_fkey   block_device_mapping.instance_uuid     -> instances.uuid
--   instance_metadata_instance_uuid_fkey      instance_metadata.instance_uuid        -> instances.uuid
--   instance_system_metadata_ibfk_1           instance_system_metadata.instance_uuid -> instances.uuid
--   fk_instance_actions_instance_uuid         instance_actions.instance_uuid         -> instances.uuid
--   fk_instance_faults_instance_uuid          instance_faults.instance_uuid          -> instances.uuid
-- None of these six tables has an FK to a table outside the set. Every FK column is
-- already the leftmost column of an index, so leaving the FKs out does not drop any
-- index that MySQL would otherwise add implicitly.

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
  scheduled_at DATETIME,
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
  uuid VARCHAR(36),
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
  PRIMARY KEY (id),
  KEY project_id (project_id),
  UNIQUE KEY uuid (uuid),
  KEY instances_reservation_id_idx (reservation_id),
  KEY instances_terminated_at_launched_at_idx (terminated_at, launched_at),
  KEY instances_task_state_updated_at_idx (task_state, updated_at),
  KEY instances_host_deleted_idx (host, deleted),
  KEY instances_uuid_deleted_idx (uuid, deleted),
  KEY instances_host_node_deleted_idx (host, node, deleted),
  KEY instances_host_deleted_cleaned_idx (host, deleted, cleaned)
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
  PRIMARY KEY (id),
  KEY snapshot_id (snapshot_id),
  KEY volume_id (volume_id),
  KEY block_device_mapping_instance_uuid_idx (instance_uuid),
  KEY block_device_mapping_instance_uuid_device_name_idx (instance_uuid, device_name),
  -- Duplicate of the index above. Upstream creates it on MySQL on purpose
  -- (see the NOTE(dprince) comment and bug 1265839).
  KEY block_device_mapping_instance_uuid_virtual_name_device_name_idx (instance_uuid, device_name),
  KEY block_device_mapping_instance_uuid_volume_id_idx (instance_uuid, volume_id)
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
  KEY request_id_idx (request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

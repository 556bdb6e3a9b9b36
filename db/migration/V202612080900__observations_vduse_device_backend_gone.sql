-- Orphaned VDUSE devices and what consumes a device, for the reports (issue 16).
--
-- backend_gone: true when the agent listed the processes holding /dev/vduse/<name> open and
-- found none (an empty `backends` list: the back end is gone, the device is orphaned); false
-- when it found one; null when it could not tell (`backends` null: the process scan was not
-- possible) or the row predates this column and its report says nothing either way.
-- consumer_kind: the device's `consumer.kind` (block-device, net-device, virtio-device,
-- vhost-vdpa, none).
--
-- Both are derived from the latest report of the host (host_report, the text the agent sent),
-- which is what the existing rows were written from: the rows a check-in wrote stay in step
-- with it. Only hosts with devices are read; there are few of them.
ALTER TABLE host_vduse_device
    ADD COLUMN backend_gone boolean,
    ADD COLUMN consumer_kind text;

UPDATE host_vduse_device d
SET backend_gone = CASE jsonb_typeof(device -> 'backends')
                       WHEN 'array' THEN jsonb_array_length(device -> 'backends') = 0
                   END,
    consumer_kind = device -> 'consumer' ->> 'kind'
FROM host_report r
CROSS JOIN LATERAL jsonb_array_elements(
    CASE jsonb_typeof(r.report::jsonb -> 'vduse' -> 'devices') WHEN 'array' THEN r.report::jsonb -> 'vduse' -> 'devices'
    ELSE '[]'::jsonb END) AS device
WHERE r.host_id = d.host_id
  AND r.host_id IN (SELECT host_id FROM host_vduse_device)
  AND device ->> 'name' = d.name;

// The shipped artifact-store conformance suite on the s3 flavor, against a real Ceph radosgw.
import { after } from 'node:test';
import { artifactStoreConformance } from 'zenml/testing';
import { s3ServerProblem, startS3Server } from '../../../test/helpers/s3.js';
import { serviceGate } from '../../../test/helpers/service-gate.js';

const gate = serviceGate('S3 (Ceph radosgw)', s3ServerProblem());
if (!gate.skip) {
  const server = await startS3Server();
  after(() => server.stop());
  artifactStoreConformance({ flavor: 's3', config: server.storeConfig('conformance') });
}

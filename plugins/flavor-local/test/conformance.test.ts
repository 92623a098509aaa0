import { artifactStoreConformance, orchestratorConformance } from 'zenml/testing';

orchestratorConformance({ flavor: 'local' });
orchestratorConformance({ flavor: 'local', config: { maxParallelism: 1 } });
artifactStoreConformance({ flavor: 'local' });
orchestratorConformance({ flavor: 'local', config: { isolation: 'thread' } });

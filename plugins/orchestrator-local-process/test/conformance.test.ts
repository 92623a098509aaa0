import { orchestratorConformance } from 'zenml/testing';

orchestratorConformance({ flavor: 'local_process', stepTimeout: { config: { stepTimeoutSeconds: 10 }, seconds: 10 } });

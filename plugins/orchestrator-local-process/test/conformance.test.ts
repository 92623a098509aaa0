import { orchestratorConformance } from 'zenml/testing';

orchestratorConformance({ flavor: 'local_process' });

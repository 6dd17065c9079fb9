import { App } from 'aws-cdk-lib';
import { defineApp } from './define-app.ts';

// `cdk synth|deploy -c publicBaseUrl=… -c domainName=… -c certificateArn=… -c webAclArn=… -c purgePrincipals=…`: see docs/deploy.md.
const app = new App();
defineApp(app);
app.synth();

/**
 * The CDK app's suites, collected as one test file so that one worker runs them all: loading
 * aws-cdk-lib and synthesising the first stack cost a worker 1.6 s, paid twice when the suites
 * were three files spread over both workers.
 */
import './app.suite.ts';
import './stack.suite.ts';
import './distributed.suite.ts';

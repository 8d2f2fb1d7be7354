import { testLogging } from './logs';

testLogging();

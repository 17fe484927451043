export * from './gdpr.module';
export * from './patient-data.dto';
export * from './patient-data.service';

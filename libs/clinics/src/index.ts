export * from './clinic-lifecycle.service';
export * from './clinics-error-code';
export * from './clinics.module';
export * from './dto/clinic-response.dto';
export * from './dto/create-clinic.dto';
export * from './superadmin-clinics.service';

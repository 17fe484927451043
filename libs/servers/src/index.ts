export * from './clinic-move.service';
export * from './dto/create-server.dto';
export * from './dto/server-response.dto';
export * from './dto/update-server.dto';
export * from './server-probe';
export * from './servers-error-code';
export * from './servers.module';
export * from './servers.service';

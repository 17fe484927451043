import { Injectable } from '@nestjs/common';
import type { RequestActor } from '@sophie/auth';
import { AuditService, ClinicEntity, ClinicRegistryService, ClinicStatus, UserEntity, UserRole, UsersService } from '@sophie/registry';
import { ProvisioningService, TenantResolver } from '@sophie/tenancy';
import { ClinicLifecycleService } from './clinic-lifecycle.service';
import { ClinicsErrorCode, clinicsError } from './clinics-error-code';
import { profileOf } from './clinic-profile-fields';
import type { CreateClinicDto } from './dto/create-clinic.dto';
import type { ListClinicsQueryDto } from './dto/list-clinics-query.dto';
import type { UpdateClinicDto } from './dto/update-clinic.dto';

/** What a superadmin does to clinics: provision, list, edit, suspend, and manage their admins. */
@Injectable()
export class SuperadminClinicsService {
  constructor(
    private readonly clinics: ClinicRegistryService,
    private readonly users: UsersService,
    private readonly provisioning: ProvisioningService,
    private readonly resolver: TenantResolver,
    private readonly audit: AuditService,
    private readonly lifecycle: ClinicLifecycleService,
  ) {}

  async create(dto: CreateClinicDto, actor: RequestActor): Promise<ClinicEntity> {
    const profile = profileOf(dto);
    const { clinic } = await this.provisioning.provision({
      name: dto.name,
      timezone: dto.timezone,
      defaultLanguage: dto.default_language ?? 'fr',
      phone: profile.phone ?? null,
      address: profile.address ?? null,
      email: profile.email ?? null,
      website: profile.website ?? null,
      openingHours: profile.openingHours ?? null,
      emergencyMessage: profile.emergencyMessage ?? null,
      onboardingFormUrl: profile.onboardingFormUrl ?? null,
    });
    await this.record('clinic.provisioned', clinic.id, 'clinic', clinic.id, actor);
    return clinic;
  }

  list(query: ListClinicsQueryDto): Promise<{ items: ClinicEntity[]; total: number }> {
    return this.clinics.list({ status: query.status, limit: query.limit, offset: query.offset });
  }

  async get(id: string): Promise<ClinicEntity> {
    const clinic = await this.clinics.findById(id);
    if (!clinic) throw clinicsError(ClinicsErrorCode.ClinicNotFound, 'No such clinic');
    return clinic;
  }

  async update(id: string, dto: UpdateClinicDto, actor: RequestActor): Promise<ClinicEntity> {
    const clinic = await this.get(id);
    await this.clinics.updateProfile(id, profileOf(dto));
    this.resolver.forgetRoute(id); // its time zone may have changed
    if (dto.is_active !== undefined && dto.is_active !== clinic.isActive) await this.lifecycle.setActive(id, dto.is_active, actor);
    await this.record('clinic.updated', id, 'clinic', id, actor);
    return this.get(id);
  }

  async createUser(clinicId: string, username: string, password: string, actor: RequestActor): Promise<UserEntity> {
    const clinic = await this.get(clinicId);
    if (clinic.status === ClinicStatus.Failed || clinic.status === ClinicStatus.Provisioning) {
      throw clinicsError(ClinicsErrorCode.InvalidTransition, 'This clinic has no working database yet');
    }
    const user = await this.users.create({ username, password, role: UserRole.Admin, clinicId });
    await this.record('user.created', clinicId, 'user', user.id, actor);
    return user;
  }

  async listUsers(clinicId: string): Promise<UserEntity[]> {
    await this.get(clinicId);
    return this.users.listByClinic(clinicId);
  }

  async setUserDisabled(clinicId: string, userId: string, disabled: boolean, actor: RequestActor): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user || user.clinicId !== clinicId) throw clinicsError(ClinicsErrorCode.UserNotFound, 'No such user in this clinic');
    await this.users.setDisabled(userId, disabled);
    await this.record(disabled ? 'user.disabled' : 'user.enabled', clinicId, 'user', userId, actor);
    return { ...user, disabled };
  }

  private record(action: string, clinicId: string, targetType: string, targetId: string, actor: RequestActor): Promise<void> {
    return this.audit.record({ action, clinicId, targetType, targetId, actorUserId: actor.userId, actorRole: actor.role, ip: actor.ip, requestId: actor.requestId });
  }
}

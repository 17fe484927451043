import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as bcrypt from 'bcrypt';
import { Repository } from 'typeorm';
import { AppConfig } from '@sophie/common';
import { UserEntity, UserRole } from '../entities';
import { passwordWeakness } from '../password-policy';
import { RegistryErrorCode, registryError } from '../registry-error-code';

export interface NewUser {
  username: string;
  password: string;
  role: UserRole;
  clinicId: string | null;
}

/** What a request needs to know about its user, read fresh on every authenticated request. */
export interface UserStanding {
  id: string;
  role: UserRole;
  clinicId: string | null;
  disabled: boolean;
}

/** Users of the dashboard, in the registry. Passwords are stored as bcrypt hashes only. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly config: AppConfig,
  ) {}

  async create(input: NewUser): Promise<UserEntity> {
    const weakness = passwordWeakness(input.password, input.username);
    if (weakness) throw registryError(RegistryErrorCode.WeakPassword, weakness);
    if (await this.findByUsername(input.username)) {
      throw registryError(RegistryErrorCode.UsernameTaken, 'This username is already taken');
    }
    const passwordHash = await bcrypt.hash(input.password, this.config.bcryptRounds);
    const saved = await this.users.save(
      this.users.create({ username: input.username, passwordHash, role: input.role, clinicId: input.clinicId, disabled: false }),
    );
    return this.users.findOneByOrFail({ id: saved.id });
  }

  /** The user with their password hash, for checking a login. */
  findForLogin(username: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username }).getOne();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  async standing(id: string): Promise<UserStanding | null> {
    const rows = await this.users.query<UserStanding[]>('SELECT id, role, clinic_id AS "clinicId", disabled FROM users WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  listByClinic(clinicId: string): Promise<UserEntity[]> {
    return this.users.find({ where: { clinicId }, order: { createdAt: 'ASC' } });
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.users.update({ id }, { disabled });
  }

  /** Disables every user of a clinic (its decommissioning); returns how many were enabled. */
  async disableAllOfClinic(clinicId: string): Promise<number> {
    const result = await this.users.update({ clinicId, disabled: false }, { disabled: true });
    return result.affected ?? 0;
  }

  async setPassword(id: string, username: string, password: string): Promise<void> {
    const weakness = passwordWeakness(password, username);
    if (weakness) throw registryError(RegistryErrorCode.WeakPassword, weakness);
    await this.users.update({ id }, { passwordHash: await bcrypt.hash(password, this.config.bcryptRounds) });
  }

  async recordLogin(id: string): Promise<void> {
    await this.users.update({ id }, { lastLoginAt: new Date() });
  }

  countSuperadmins(): Promise<number> {
    return this.users.count({ where: { role: UserRole.SuperAdmin, disabled: false } });
  }
}

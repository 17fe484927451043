import { clinicDatabaseGeneration, clinicDatabaseName, clinicTemplateName, quoteIdentifier } from './clinic-database-names';

describe('clinicDatabaseName', () => {
  it('names a clinic database after its prefix and uuid without dashes', () => {
    expect(clinicDatabaseName('sophie', '0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe('sophie_clinic_0f8fad5bd9cb469fa16570867728950e');
  });

  it('refuses an id that is not a uuid', () => {
    expect(() => clinicDatabaseName('sophie', "x'; DROP DATABASE registry; --")).toThrow(/UUID/);
  });

  it('refuses a prefix that could break out of an identifier', () => {
    expect(() => clinicTemplateName('a"b')).toThrow(/unexpected/);
  });

  it('names another generation of a clinic database within PostgreSQL\'s 63 characters, and refuses a bad tag', () => {
    const name = clinicDatabaseGeneration('abcdefghijklmnop', '0f8fad5b-d9cb-469f-a165-70867728950e', 'zz9zz9');
    expect(name).toBe('abcdefghijklmnop_clinic_0f8fad5bd9cb469fa16570867728950e_zz9zz9');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(() => clinicDatabaseGeneration('sophie', '0f8fad5b-d9cb-469f-a165-70867728950e', 'A";--')).toThrow(/tag/);
  });

  it('quotes only names it has validated', () => {
    expect(quoteIdentifier('sophie_clinic_template')).toBe('"sophie_clinic_template"');
    expect(() => quoteIdentifier('postgres')).toThrow();
  });
});

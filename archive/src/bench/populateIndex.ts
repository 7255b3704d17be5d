import { sql } from 'drizzle-orm';
import type { Db } from '../db/openDatabase.js';

/**
 * Fills the index with synthetic rows (no files) for query benchmarks:
 * `studies` studies of 10 series of `instancesPerSeries` instances, spread over
 * 1000 patients, 5 modalities and ~3 years of dates. Row shapes match ingest's.
 */
export async function populateIndex(db: Db, studies: number, instancesPerSeries: number): Promise<void> {
  await db.execute(sql`
    insert into patients (patient_key, patient_id, patient_name, patient_birth_date, patient_sex)
    select 'BENCH-' || g, 'BENCH-' || g, 'PATIENT' || g || '^BENCH', '19600101', case when g % 2 = 0 then 'F' else 'M' end
    from generate_series(1, 1000) g`);
  await db.execute(sql`
    insert into studies (patient_fk, study_instance_uid, study_date, study_time, accession_number, study_description,
      modalities_in_study, number_of_series, number_of_instances, referring_physician_name, study_id)
    select p.id, '1.2.826.0.1.3680043.10.1.' || g,
      to_char(date '2024-01-01' + (g % 1000), 'YYYYMMDD'), lpad(((g * 7) % 24)::text, 2, '0') || '3000',
      'ACC' || g, 'Bench study ' || g,
      array[(array['CT','MR','US','CR','PT'])[1 + g % 5]], 10, 10 * ${instancesPerSeries}, 'REF^' || (g % 50), g::text
    from generate_series(1, ${studies}) g join patients p on p.patient_key = 'BENCH-' || (1 + g % 1000)`);
  await db.execute(sql`
    insert into series (study_fk, series_instance_uid, modality, series_number, series_description, number_of_instances)
    select st.id, st.study_instance_uid || '.' || s, st.modalities_in_study[1], s, 'Series ' || s, ${instancesPerSeries}
    from studies st cross join generate_series(1, 10) s
    where st.study_instance_uid like '1.2.826.0.1.3680043.10.1.%'`);
  await db.execute(sql`
    insert into instances (series_fk, study_fk, sop_instance_uid, sop_class_uid, instance_number, transfer_syntax_uid,
      rows, columns, blob_key, sha256, size_bytes, metadata)
    select se.id, se.study_fk, se.series_instance_uid || '.' || i, '1.2.840.10008.5.1.4.1.1.2', i, '1.2.840.10008.1.2.1',
      512, 512, 'none', 'none', 0, '{}'
    from series se cross join generate_series(1, ${instancesPerSeries}) i
    where se.series_instance_uid like '1.2.826.0.1.3680043.10.1.%'`);
  await db.execute(sql`analyze`);
}

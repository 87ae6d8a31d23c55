import type { IExecuteFunctions } from 'n8n-workflow';

/** The Mindee nodes' version from which Submit names the job's ID `_job_id`, like every other item they output. */
export const JOB_ID_KEY_VERSION = 1.1;

/**
 * The key of the job's ID on the items of Submit (and of a job Get Result found not done yet). Version 1
 * named it `job_id`; a workflow saved with version 1 keeps that key, so its expressions keep working.
 */
export function jobIdKey(context: Pick<IExecuteFunctions, 'getNode'>): '_job_id' | 'job_id' {
	return context.getNode().typeVersion >= JOB_ID_KEY_VERSION ? '_job_id' : 'job_id';
}

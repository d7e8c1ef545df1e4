import { endpoint } from '../contract.ts';
import {
  dutyDistrictQuery,
  dutyPolicyListSchema,
  dutyRuleCreate,
  dutyRuleDetailSchema,
  dutyRuleParams,
  dutyRuleRetire,
  dutyRuleVersionCreate,
} from './compliance.ts';

const tags = ['duty-rules'];

/**
 * `/api/duty-policies`, `/api/duty-rules`: duty rules as versioned data per district (规定动作).
 * The schemas still sit with the compliance board's (compliance.ts), which reads the same rules.
 */
export const dutyRuleApi = {
  policies: endpoint('GET', '/duty-policies', {
    tags,
    summary: "The district's duty policies, each rule with its current version and history",
    query: dutyDistrictQuery,
    response: dutyPolicyListSchema,
  }),
  get: endpoint('GET', '/duty-rules/:code', {
    tags,
    summary: 'One rule with all its versions',
    params: dutyRuleParams,
    query: dutyDistrictQuery,
    response: dutyRuleDetailSchema,
  }),
  create: endpoint('POST', '/duty-rules', {
    tags,
    summary: 'Add a rule to a policy (district admin)',
    body: dutyRuleCreate,
    response: dutyRuleDetailSchema,
    status: 201,
  }),
  addVersion: endpoint('POST', '/duty-rules/:code/versions', {
    tags,
    summary: 'Publish a new version effective from a date (the previous one closes the day before)',
    params: dutyRuleParams,
    body: dutyRuleVersionCreate,
    response: dutyRuleDetailSchema,
    status: 201,
  }),
  retire: endpoint('POST', '/duty-rules/:code/retire', {
    tags,
    summary: 'Retire a rule after a day',
    params: dutyRuleParams,
    body: dutyRuleRetire,
    response: dutyRuleDetailSchema,
  }),
};

import { customizeValidator } from "@rjsf/validator-ajv8";
import type Ajv from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { PHONE_PATTERN } from "../../../../engine/src/contract/patterns.ts";

/**
 * RJSF's validator on Ajv 2020-12 (the generated schemas declare 2020-12; the default Ajv
 * silently ignores its keywords), with the template format's `phone`.
 */
export const formValidator = customizeValidator({ AjvClass: Ajv2020 as unknown as typeof Ajv });
formValidator.ajv.addFormat("phone", PHONE_PATTERN);

import { customizeValidator } from "@rjsf/validator-ajv8";
import type Ajv from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";

/** The engine's phone format (engine/src/checks/value-validator.ts PHONE_PATTERN). */
export const PHONE_PATTERN = /^\+?[1-9]\d{6,14}$/;

/**
 * RJSF's validator on Ajv 2020-12 (the generated schemas declare 2020-12; the default Ajv
 * silently ignores its keywords), with the template format's `phone`.
 */
export const formValidator = customizeValidator({ AjvClass: Ajv2020 as unknown as typeof Ajv });
formValidator.ajv.addFormat("phone", PHONE_PATTERN);

-- DropComputedTrigger
ALTER TABLE "vacation_rental_availability_block" DROP CONSTRAINT IF EXISTS "ck_vacation_rental_ent_availability_block_fld_availabi_82cfe5b7";
ALTER TABLE "vacation_rental_booking" DROP CONSTRAINT IF EXISTS "ck_vacation_rental_ent_booking_fld_booking_check_out_g_cb850e30";
ALTER TABLE "vacation_rental_property" DROP CONSTRAINT IF EXISTS "ck_vacation_rental_ent_property_fld_property_max_night_fb63344a";
ALTER TABLE "vacation_rental_seasonal_rate" DROP CONSTRAINT IF EXISTS "ck_vacation_rental_ent_seasonal_rate_fld_seasonal_rate_8bc3595f";
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_booking_ex_booking_stay_dates" ON "vacation_rental_booking";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_booking_ex_booking_stay_dates"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_guest_profile_fld_guest_profile_79ab04bf" ON "vacation_rental_guest_review";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_guest_profile_fld_guest_profile_c7b7cf1f"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_guest_profile_fld_guest_profile_b6d3b5bc" ON "vacation_rental_guest_profile";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_guest_profile_fld_guest_profile_425f72b7"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_guest_profile_fld_guest_profile_ff57703c" ON "vacation_rental_guest_review";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_guest_profile_fld_guest_profile_19009a74"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_guest_profile_fld_guest_profile_6a03ce2c" ON "vacation_rental_guest_profile";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_guest_profile_fld_guest_profile_ac569b5d"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_host_profile_fld_host_profile_p_f3df37ed" ON "vacation_rental_property";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_host_profile_fld_host_profile_p_36852914"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_host_profile_fld_host_profile_p_b771677e" ON "vacation_rental_host_profile";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_host_profile_fld_host_profile_p_e02b9564"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_property_fld_property_average_rating" ON "vacation_rental_property_review";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_property_fld_property_average_rating"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_property_fld_property_average_r_e2e50028" ON "vacation_rental_property";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_property_fld_property_average_r_37a8bde0"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_property_fld_property_booking_count" ON "vacation_rental_booking";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_property_fld_property_booking_count"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_property_fld_property_booking_count_init" ON "vacation_rental_property";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_property_fld_property_booking_count_init"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_property_fld_property_review_count" ON "vacation_rental_property_review";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_property_fld_property_review_count"();
DROP TRIGGER IF EXISTS "tr_vacation_rental_ent_property_fld_property_review_count_init" ON "vacation_rental_property";
DROP FUNCTION IF EXISTS "fn_vacation_rental_ent_property_fld_property_review_count_init"();

-- DropSqlIndex
DROP INDEX IF EXISTS "ix_vacation_rental_ent_guest_profile_fld_guest_profile_5c8e3162";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_host_profile_fld_host_profile_a_89a6810e";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_host_profile_fld_host_profile_a_b1fb6218";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_host_profile_fld_host_profile_a_db219a81";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_host_profile_fld_host_profile_about_trgm";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_host_profile_fld_host_profile_d_2961bde5";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_host_profile_fld_host_profile_d_4dc8e4b5";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_host_profile_fld_host_profile_d_64bfc426";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_host_profile_fld_host_profile_d_6870e170";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_host_profile_fld_host_profile_l_af709dd6";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_fld_property_amenities_gin";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_fld_property_summary_f_97df7877";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_fld_property_summary_fts_german";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_fld_property_summary_fts_simple";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_fld_property_summary_trgm";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_fld_property_title_fts_english";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_fld_property_title_fts_german";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_fld_property_title_fts_simple";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_fld_property_title_trgm";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_review_fld_property_re_920a40fb";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_review_fld_property_re_a85b4083";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_review_fld_property_re_b0ee8c63";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_review_fld_property_re_e5a551d8";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_type_fld_property_type_8a446c46";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_type_fld_property_type_b8c522cd";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_type_fld_property_type_c263ef83";
DROP INDEX IF EXISTS "ix_vacation_rental_ent_property_type_fld_property_type_f2393edd";

-- DropForeignKey
ALTER TABLE "vacation_rental_property_type" DROP CONSTRAINT "fk_vacation_rental_ent_property_type_tenant";

-- DropForeignKey
ALTER TABLE "vacation_rental_host_profile" DROP CONSTRAINT "fk_vacation_rental_ent_host_profile_tenant";

-- DropForeignKey
ALTER TABLE "vacation_rental_host_profile" DROP CONSTRAINT "fk_vacation_rental_ent_host_profile_account";

-- DropForeignKey
ALTER TABLE "vacation_rental_property" DROP CONSTRAINT "fk_vacation_rental_ent_property_tenant";

-- DropForeignKey
ALTER TABLE "vacation_rental_property" DROP CONSTRAINT "fk_vacation_rental_ent_property_account";

-- DropForeignKey
ALTER TABLE "vacation_rental_property" DROP CONSTRAINT "fk_vacation_rental_ent_property_rel_property_host";

-- DropForeignKey
ALTER TABLE "vacation_rental_property" DROP CONSTRAINT "fk_vacation_rental_ent_property_rel_property_property_type";

-- DropForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" DROP CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_tenant";

-- DropForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" DROP CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_account";

-- DropForeignKey
ALTER TABLE "vacation_rental_seasonal_rate" DROP CONSTRAINT "fk_vacation_rental_ent_seasonal_rate_rel_seasonal_rate_property";

-- DropForeignKey
ALTER TABLE "vacation_rental_availability_block" DROP CONSTRAINT "fk_vacation_rental_ent_availability_block_tenant";

-- DropForeignKey
ALTER TABLE "vacation_rental_availability_block" DROP CONSTRAINT "fk_vacation_rental_ent_availability_block_account";

-- DropForeignKey
ALTER TABLE "vacation_rental_availability_block" DROP CONSTRAINT "fk_vacation_rental_ent_availability_block_rel_availabi_8268a269";

-- DropForeignKey
ALTER TABLE "vacation_rental_guest_profile" DROP CONSTRAINT "fk_vacation_rental_ent_guest_profile_tenant";

-- DropForeignKey
ALTER TABLE "vacation_rental_guest_profile" DROP CONSTRAINT "fk_vacation_rental_ent_guest_profile_user";

-- DropForeignKey
ALTER TABLE "vacation_rental_booking" DROP CONSTRAINT "fk_vacation_rental_ent_booking_tenant";

-- DropForeignKey
ALTER TABLE "vacation_rental_booking" DROP CONSTRAINT "fk_vacation_rental_ent_booking_user";

-- DropForeignKey
ALTER TABLE "vacation_rental_booking" DROP CONSTRAINT "fk_vacation_rental_ent_booking_rel_booking_property";

-- DropForeignKey
ALTER TABLE "vacation_rental_booking" DROP CONSTRAINT "fk_vacation_rental_ent_booking_rel_booking_guest";

-- DropForeignKey
ALTER TABLE "vacation_rental_property_review" DROP CONSTRAINT "fk_vacation_rental_ent_property_review_tenant";

-- DropForeignKey
ALTER TABLE "vacation_rental_property_review" DROP CONSTRAINT "fk_vacation_rental_ent_property_review_user";

-- DropForeignKey
ALTER TABLE "vacation_rental_property_review" DROP CONSTRAINT "fk_vacation_rental_ent_property_review_rel_property_re_e6e9572a";

-- DropForeignKey
ALTER TABLE "vacation_rental_property_review" DROP CONSTRAINT "fk_vacation_rental_ent_property_review_rel_property_re_b4989461";

-- DropForeignKey
ALTER TABLE "vacation_rental_guest_review" DROP CONSTRAINT "fk_vacation_rental_ent_guest_review_tenant";

-- DropForeignKey
ALTER TABLE "vacation_rental_guest_review" DROP CONSTRAINT "fk_vacation_rental_ent_guest_review_account";

-- DropForeignKey
ALTER TABLE "vacation_rental_guest_review" DROP CONSTRAINT "fk_vacation_rental_ent_guest_review_rel_guest_review_guest";

-- DropForeignKey
ALTER TABLE "vacation_rental_guest_review" DROP CONSTRAINT "fk_vacation_rental_ent_guest_review_rel_guest_review_booking";

-- DropTable
DROP TABLE "vacation_rental_property_type";

-- DropTable
DROP TABLE "vacation_rental_host_profile";

-- DropTable
DROP TABLE "vacation_rental_property";

-- DropTable
DROP TABLE "vacation_rental_seasonal_rate";

-- DropTable
DROP TABLE "vacation_rental_availability_block";

-- DropTable
DROP TABLE "vacation_rental_guest_profile";

-- DropTable
DROP TABLE "vacation_rental_booking";

-- DropTable
DROP TABLE "vacation_rental_property_review";

-- DropTable
DROP TABLE "vacation_rental_guest_review";

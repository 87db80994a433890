-- DropForeignKey
ALTER TABLE "payment" DROP CONSTRAINT "fk_payment_tenant";

-- DropForeignKey
ALTER TABLE "payment_transition" DROP CONSTRAINT "fk_payment_transition_tenant";

-- DropForeignKey
ALTER TABLE "payment_transition" DROP CONSTRAINT "fk_payment_transition_payment";

-- DropForeignKey
ALTER TABLE "payment_step" DROP CONSTRAINT "fk_payment_step_tenant";

-- DropForeignKey
ALTER TABLE "payment_step" DROP CONSTRAINT "fk_payment_step_payment";

-- DropForeignKey
ALTER TABLE "payment_ledger" DROP CONSTRAINT "fk_payment_ledger_tenant";

-- DropTable
DROP TABLE "payment";

-- DropTable
DROP TABLE "payment_transition";

-- DropTable
DROP TABLE "payment_step";

-- DropTable
DROP TABLE "payment_ledger";

import GRDB

/// The store's schema, as numbered migrations (never edit a shipped one; add the next).
enum StateStoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-calculations-and-history") { db in
            try db.create(table: "calculation") { t in
                t.column("id", .text).primaryKey()
                t.column("role", .text).notNull()
                t.column("interface", .text).notNull().indexed()
                t.column("folder", .text).notNull()
                t.column("inputHash", .text).notNull()
                t.column("state", .text).notNull().indexed()
                t.column("failureReason", .text)
                t.column("slurmJobID", .text)
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("schedulerState", .text)
                t.column("lastError", .text)
                t.column("overrides", .text).notNull().defaults(to: "{}")
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("submittedAt", .datetime)
                t.column("endedAt", .datetime)
            }
            try db.create(table: "transition") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("calculationID", .text).notNull().indexed().references("calculation", onDelete: .cascade)
                t.column("fromState", .text).notNull()
                t.column("toState", .text).notNull()
                t.column("event", .text).notNull()
                t.column("attempt", .integer).notNull()
                t.column("slurmJobID", .text)
                t.column("note", .text)
                t.column("at", .datetime).notNull()
            }
            try db.create(table: "setting") { t in
                t.column("key", .text).primaryKey()
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v2-calculation-dependencies") { db in
            // A calculation whose inputs are made from another's parsed output (a slab cut from a
            // relaxed bulk) names that parent here, one row per (child, parent).
            try db.create(table: "dependency") { t in
                t.column("calculationID", .text).notNull().indexed().references("calculation", onDelete: .cascade)
                t.column("parentID", .text).notNull().indexed().references("calculation", onDelete: .cascade)
                t.primaryKey(["calculationID", "parentID"], onConflict: .ignore)
            }
        }
        migrator.registerMigration("v3-collected-outputs") { db in
            // One row per parsed output: its fingerprint (parsed once) and the summary the
            // interface results are computed from (energies of the archived record, settings).
            try db.create(table: "collected") { t in
                t.column("calculationID", .text).primaryKey().references("calculation", onDelete: .cascade)
                t.column("sizeBytes", .integer).notNull()
                t.column("modifiedNanoseconds", .integer).notNull()
                t.column("sha256", .text).notNull()
                t.column("freeEnergyEV", .double)
                t.column("energyWithoutEntropyEV", .double)
                t.column("energySigma0EV", .double)
                t.column("settings", .text).notNull()
                t.column("isStandIn", .boolean).notNull()
                t.column("relaxationNote", .text)
                t.column("collectedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v4-interface-status") { db in
            // What collect last found for each interface (computed, waiting, refused), so that a
            // pass with nothing new answers without recomputing every interface (InterfaceStatus).
            try db.create(table: "interfaceStatus") { t in
                t.column("name", .text).primaryKey()
                t.column("outcome", .text).notNull()
                t.column("missing", .text).notNull()
                t.column("reason", .text)
                t.column("notes", .text).notNull()
            }
        }
        migrator.registerMigration("v5-transition-fix") { db in
            // The fix a recovery applied, as data (`zbrent/ibrion-1`), so that code never reads
            // notes. Rows written before carried it only in their note (`fix KEY/NAME: …`): copied once.
            try db.alter(table: "transition") { t in t.add(column: "fix", .text) }
            try db.execute(sql: """
                UPDATE transition SET fix = substr(note, 5, instr(note, ':') - 5)
                WHERE event = 'recovery' AND note LIKE 'fix %' AND instr(note, ':') > 5
                """)
        }
        return migrator
    }
}

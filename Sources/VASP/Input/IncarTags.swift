/// The INCAR tags Adhere knows, with the type VASP expects for each (from the VASP manual's tag
/// pages). A tag missing here is refused with a did-you-mean suggestion; add it here when a study
/// needs it.
public enum IncarTags {
    /// Every known tag and its value type.
    public static let known: [String: IncarValueKind] = {
        var table: [String: IncarValueKind] = [:]
        for tag in bools { table[tag] = .bool }
        for tag in ints { table[tag] = .int }
        for tag in reals { table[tag] = .real }
        for tag in intLists { table[tag] = .ints }
        for tag in realLists { table[tag] = .reals }
        for (tag, words) in choices { table[tag] = .choice(words) }
        table["SYSTEM"] = .string
        table["LREAL"] = .boolOrChoice(["Auto", "On"])
        return table
    }()

    /// The type of `tag` (upper case), or nil when unknown.
    public static func kind(of tag: String) -> IncarValueKind? { known[tag.uppercased()] }

    /// The known tag nearest to `tag` by edit distance, when it is close enough to be a typo.
    public static func suggestion(for tag: String) -> String? {
        let upper = tag.uppercased()
        var best: (tag: String, distance: Int)? = nil
        for candidate in known.keys.sorted() {
            let d = EditDistance.levenshtein(upper, candidate)
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        guard let best else { return nil }
        let limit = max(1, min(3, upper.count / 3))
        return best.distance <= limit ? best.tag : nil
    }

    /// Tags whose value must have one entry per atom (per atom × 3 when non-collinear).
    static let perAtom: Set<String> = ["MAGMOM"]
    /// Tags whose value must have one entry per species (POSCAR species order).
    static let perSpecies: Set<String> = ["LDAUL", "LDAUU", "LDAUJ", "RWIGS", "LANGEVIN_GAMMA"]

    private static let bools = [
        "LWAVE", "LCHARG", "LVTOT", "LVHAR", "LELF", "LASPH", "LDIPOL", "LMONO", "LDAU",
        "LSORBIT", "LNONCOLLINEAR", "LHFCALC", "LOPTICS", "LEPSILON", "LRPA", "LCALCEPS", "LCALCPOL",
        "LBERRY", "LPLANE", "LSCALU", "LSCALAPACK", "ADDGRID", "NLSPLINE", "LMIXTAU", "LAECHG",
        "LPARD", "LSEPB", "LSEPK", "LVDW", "LUSE_VDW", "LORBMOM", "LTHOMAS", "LMP2LT", "LSMP2LT",
        "LWANNIER90", "LWRITE_UNK", "LWRITE_MMN_AMN", "LSCAAWARE", "LDOWNSAMPLE", "LSPIRAL",
        "LZEROZ", "LCORR", "LVDWEXPANSION", "LVDW_EWALD", "LVDWSCS", "LSCSGRAD", "LEFG", "LNMR_SYM_RED",
        "LCHIMAG", "LLRAUG", "LREAL_COMPAT", "LSUBROT",
        "LBLUEOUT", "LFOCKAEDFT", "LSOL", "LRHOB", "LNABLA", "LSPECTRAL", "LPEAD",
        "LMODELHF", "ML_LMLFF", "LKPOINTS_OPT", "LCHARGH5", "LWAVEH5", "GGA_COMPAT", "KGAMMA",
    ]
    private static let ints = [
        "ISTART", "ICHARG", "ISPIN", "NELM", "NELMIN", "NELMDL", "NSW", "IBRION", "ISIF", "ISYM",
        "ISMEAR", "IVDW", "IDIPOL", "NBANDS", "NCORE", "NPAR", "KPAR", "NSIM", "LMAXMIX", "LORBIT",
        "NEDOS", "IALGO", "NFREE", "NBLOCK", "KBLOCK", "MAXMIX", "IMIX", "INIMIX", "MIXPRE",
        "LDAUTYPE", "LDAUPRINT", "NGX", "NGY", "NGZ", "NGXF", "NGYF", "NGZF", "NWRITE", "ICORELEVEL",
        "IWAVPR", "NBMOD", "LMAXTAU", "NOMEGA", "NBANDSO", "NBANDSV", "IEPSILON", "ICHIBARE",
        "IVDW_NL", "IMAGES", "MDALGO",
        "ISPIND", "NKRED", "NKREDX", "NKREDY", "NKREDZ", "LMAXPAW", "LMAXFOCK",
        "IGPAR", "NPPSTR", "I_CONSTRAINED_M", "NTAUPAR",
        "NOMEGAPAR", "NELMGW", "NBANDSGW", "IDIOT", "INIWAV", "ML_ISTART",
    ]
    private static let reals = [
        "ENCUT", "ENAUG", "EDIFF", "EDIFFG", "SIGMA", "POTIM", "NELECT", "NUPDOWN", "AMIX", "BMIX",
        "AMIX_MAG", "BMIX_MAG", "AMIN", "WC", "TIME", "EMIN", "EMAX", "TEBEG", "TEEND",
        "SMASS", "PSTRESS", "EPSILON", "HFSCREEN", "AEXX", "AGGAX", "AGGAC", "ALDAC", "ALDAX",
        "VDW_S6", "VDW_S8", "VDW_SR", "VDW_A1", "VDW_A2", "VDW_RADIUS", "VDW_CNRADIUS", "VDW_D",
        "PARAM1", "PARAM2", "ZAB_VDW", "EFIELD", "SYMPREC", "ENINI", "DEPER", "SPRING", "DQ", "CSHIFT",
        "KSPACING", "LAMBDA", "EB_K", "TAU", "ENCUTFOCK", "ENCUTGW", "ENCUTGWSOFT", "OMEGAMAX", "HFRCUT", "SCALEE", "WEIMIN", "EBREAK",
    ]
    private static let intLists = ["NSUBSYS", "LDAUL", "KPOINT_BSE", "IBAND", "KPUSE"]
    private static let realLists = [
        "MAGMOM", "LDAUU", "LDAUJ", "RWIGS", "DIPOL", "SAXIS", "EFIELD_PEAD", "LANGEVIN_GAMMA", "QSPIRAL",
        "M_CONSTR", "VCA", "CMBJ", "PSUBSYS", "EINT", "ROPT",
    ]
    private static let choices: [String: [String]] = [
        "PREC": ["Low", "Medium", "High", "Normal", "Single", "SingleN", "Accurate"],
        "ALGO": ["Normal", "VeryFast", "Fast", "Conjugate", "All", "Damped", "Subrot", "Eigenval", "Exact",
                 "None", "Nothing", "CHI", "G0W0", "GW0", "GW", "scGW0", "scGW", "EVGW0", "ACFDT", "RPA",
                 "BSE", "TDHF", "Timeev"],
        "GGA": ["CA", "PE", "PS", "PW", "91", "RP", "AM", "B3", "B5", "BO", "OR", "MK", "ML", "CX", "RE",
                "BF", "LIBXC", "SO", "CO"],
        "METAGGA": ["TPSS", "RTPSS", "M06L", "MBJ", "SCAN", "RSCAN", "R2SCAN", "MS0", "MS1", "MS2", "SCAN0"],
        "PRECFOCK": ["Low", "Medium", "Fast", "Normal", "Accurate"],
        "ML_MODE": ["train", "select", "refit", "refitbayesian", "run", "none"],
    ]
}

/// Levenshtein distance, used for did-you-mean suggestions.
enum EditDistance {
    /// The number of single-character insertions, deletions or substitutions turning a into b.
    static func levenshtein(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = Array(repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}

/// Atelier's version, shown in the footer and by `/healthz`.
public enum AtelierVersion {
    public static let current = "0.1.0"
}

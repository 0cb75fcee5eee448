import AtelierMedia

/// Plain words for a download that failed, without the URL's query (it may carry a token).
enum MediaMessages {
    static func describe(_ error: Error) -> String {
        (error as? MediaError)?.message ?? "the file could not be stored"
    }
}

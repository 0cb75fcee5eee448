import GRDB

extension Migrations {
    /// The gallery: one `galleryAsset` row per output a member can look at (kept files and texts),
    /// with the task's facts the grid filters on and shows copied beside it (member, kind,
    /// provider, model, time, the member's name and the start of the prompt: a page of tiles
    /// reads no task row) and its visibility (`team` by default, `private` by its owner); favourites per
    /// member, collections (private or shared) with their outputs, tags, and `galleryText`, an
    /// FTS5 table with the trigram tokenizer over prompt, title, lyrics or text and tags (so a
    /// query of three characters or more finds Chinese text as well as English).
    ///
    /// Lists are ordered by `outputId` (the order outputs were kept in): the indexes on one
    /// column keep their rows in that order (the rowid ends every index), and the text index's
    /// rowid is the same id, so a search walks FTS5's own rowid order and stops at a page.
    ///
    /// Triggers keep the assets and the text index in step with `taskOutput` and the tags, so
    /// every writer of outputs (the engine, the CLI's seeding) fills the gallery without knowing
    /// it; outputs kept before this migration are added here.
    static func createGallery(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE galleryAsset (
              outputId INTEGER PRIMARY KEY REFERENCES taskOutput(id) ON DELETE CASCADE,
              taskId TEXT NOT NULL, position INTEGER NOT NULL, memberId INTEGER,
              kind TEXT NOT NULL, providerName TEXT NOT NULL, model TEXT NOT NULL,
              createdAt DATETIME NOT NULL, visibility TEXT NOT NULL DEFAULT 'team',
              memberName TEXT NOT NULL DEFAULT '', promptPrefix TEXT NOT NULL DEFAULT '');
            CREATE INDEX galleryAsset_member ON galleryAsset (memberId);
            CREATE INDEX galleryAsset_kind ON galleryAsset (kind);
            CREATE INDEX galleryAsset_provider ON galleryAsset (providerName);
            CREATE INDEX galleryAsset_provider_kind ON galleryAsset (providerName, kind);
            CREATE INDEX galleryAsset_model ON galleryAsset (model);
            CREATE INDEX galleryAsset_created ON galleryAsset (createdAt);
            CREATE INDEX galleryAsset_task ON galleryAsset (taskId);

            CREATE TABLE galleryFavourite (
              memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
              outputId INTEGER NOT NULL REFERENCES galleryAsset(outputId) ON DELETE CASCADE,
              PRIMARY KEY (memberId, outputId)) WITHOUT ROWID;
            CREATE INDEX galleryFavourite_output ON galleryFavourite (outputId);

            CREATE TABLE galleryCollection (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              memberId INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
              name TEXT NOT NULL, isShared BOOLEAN NOT NULL DEFAULT 0, createdAt DATETIME NOT NULL);
            CREATE INDEX galleryCollection_member ON galleryCollection (memberId);
            CREATE TABLE galleryCollectionItem (
              collectionId INTEGER NOT NULL REFERENCES galleryCollection(id) ON DELETE CASCADE,
              outputId INTEGER NOT NULL REFERENCES galleryAsset(outputId) ON DELETE CASCADE,
              PRIMARY KEY (collectionId, outputId)) WITHOUT ROWID;
            CREATE INDEX galleryCollectionItem_output ON galleryCollectionItem (outputId);

            CREATE TABLE galleryTag (
              outputId INTEGER NOT NULL REFERENCES galleryAsset(outputId) ON DELETE CASCADE,
              tag TEXT NOT NULL,
              PRIMARY KEY (outputId, tag)) WITHOUT ROWID;
            CREATE INDEX galleryTag_tag ON galleryTag (tag, outputId);

            CREATE VIRTUAL TABLE galleryText USING fts5(prompt, title, body, tags, tokenize = 'trigram');
            """)
        let asset = """
            INSERT OR IGNORE INTO galleryAsset (outputId, taskId, position, memberId, kind, providerName, model, createdAt,
                                                memberName, promptPrefix)
              SELECT NEW.id, NEW.taskId, NEW.position, t.memberId, NEW.kind, t.providerName, t.model, t.createdAt,
                     t.memberName, substr(t.prompt, 1, \(GalleryTile.promptPrefixLength))
              FROM task t WHERE t.id = NEW.taskId
            """
        let tags = "(SELECT coalesce(group_concat(tag, ' '), '') FROM galleryTag WHERE outputId = %@)"
        try db.execute(sql: """
            CREATE TRIGGER taskOutput_galleryInsert AFTER INSERT ON taskOutput WHEN NEW.state IN ('kept', 'text') BEGIN
              \(asset);
            END;
            CREATE TRIGGER taskOutput_galleryKept AFTER UPDATE OF state ON taskOutput
              WHEN NEW.state IN ('kept', 'text') AND OLD.state NOT IN ('kept', 'text') BEGIN
              \(asset);
            END;
            CREATE TRIGGER galleryAsset_textInsert AFTER INSERT ON galleryAsset BEGIN
              INSERT INTO galleryText (rowid, prompt, title, body, tags)
                SELECT NEW.outputId, t.prompt, coalesce(o.title, ''), coalesce(o.text, ''), ''
                FROM taskOutput o JOIN task t ON t.id = o.taskId WHERE o.id = NEW.outputId;
            END;
            CREATE TRIGGER galleryAsset_textDelete AFTER DELETE ON galleryAsset BEGIN
              DELETE FROM galleryText WHERE rowid = OLD.outputId;
            END;
            CREATE TRIGGER galleryTag_textInsert AFTER INSERT ON galleryTag BEGIN
              UPDATE galleryText SET tags = \(tags.replacingOccurrences(of: "%@", with: "NEW.outputId")) WHERE rowid = NEW.outputId;
            END;
            CREATE TRIGGER galleryTag_textDelete AFTER DELETE ON galleryTag BEGIN
              UPDATE galleryText SET tags = \(tags.replacingOccurrences(of: "%@", with: "OLD.outputId")) WHERE rowid = OLD.outputId;
            END;
            """)
        // Outputs kept before this migration (the asset trigger fills their text).
        try db.execute(sql: """
            INSERT INTO galleryAsset (outputId, taskId, position, memberId, kind, providerName, model, createdAt,
                                      memberName, promptPrefix)
              SELECT o.id, o.taskId, o.position, t.memberId, o.kind, t.providerName, t.model, t.createdAt,
                     t.memberName, substr(t.prompt, 1, \(GalleryTile.promptPrefixLength))
              FROM taskOutput o JOIN task t ON t.id = o.taskId WHERE o.state IN ('kept', 'text')
            """)
    }
}

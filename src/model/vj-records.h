#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Plain records as the feed readers hand them to the importer, one at a time. A reader fills
 * them from its own format; the importer stages them; neither knows the other's details. */

typedef enum
{
  VJ_RECSTATUS_NONE = 0,     /* part of a full feed */
  VJ_RECSTATUS_ADDED = 1,
  VJ_RECSTATUS_UPDATED = 2,
  VJ_RECSTATUS_DELETED = 3,
  /* Not a feed value: a record named only to hold others (an XCRI provider wrapping the
   * courses of a delta). In a full feed it is a record like any other; in a delta it is added
   * when new and otherwise leaves the stored record as it is. */
  VJ_RECSTATUS_REFERENCE = 4,
} VjRecStatus;

typedef struct
{
  char     *source_id;
  char     *title;
  char     *description;
  char     *generated;
  gint64    version;
  gboolean  sample;
} VjFeedHeader;

typedef struct
{
  char *external_id;
  char *name;
  char *street;
  char *postcode;
  char *town;
  int   municipality;      /* official code, 0 when unknown */
  char *number;            /* the institution register's number of this unit (INST_NR) */
  char *latitude;          /* decimal degrees as written with a point, or NULL */
  char *longitude;
  guint line;
} VjLocationRecord;

typedef struct
{
  char        *external_id;
  char        *name;
  char        *type;
  char        *number;
  char        *url;
  char        *email;
  char        *phone;
  char        *description;
  GPtrArray   *locations;  /* VjLocationRecord */
  GArray      *serves;     /* int municipality codes */
  VjRecStatus  recstatus;
  guint        line;
} VjInstitutionRecord;

typedef struct
{
  char        *external_id;
  char        *location_id;   /* external id of a location in the same feed */
  char        *institution_id;/* optional: external id of the institution (XCRI venues) */
  char        *start;         /* W3C date of any precision, or NULL */
  char        *end;
  char        *deadline;
  char        *study_mode;
  char        *url;
  char        *language;
  char        *cost;
  char        *duration;
  char        *ug_article;    /* the ug.dk article of the programme at the institution */
  char        *kot_number;    /* the admission offer's number in KOT */
  char        *derived;       /* not from a register but derived from a law: its name, e.g.
                               * "lov om forberedende grunduddannelse" */
  VjRecStatus  recstatus;
  guint        line;
} VjOfferingRecord;

typedef struct
{
  char        *external_id;
  char        *title;
  char        *category;
  int          level;          /* 0 when unknown */
  int          ects;           /* 0 when unknown */
  int          duration_months;
  char        *duration;
  char        *description;
  char        *admission;
  char        *keywords;
  char        *url;
  char        *institution_id; /* optional: the providing institution */
  GPtrArray   *offerings;      /* VjOfferingRecord */
  VjRecStatus  recstatus;
  guint        line;
} VjProgrammeRecord;

typedef struct
{
  char *text;
  char *target;
} VjGoalRecord;

typedef struct
{
  char *name;
  char *role;
  char *address;
  char *phone;
  char *email;
  char *url;
} VjActorRecord;

typedef struct
{
  char        *external_id;
  char        *parent_id;
  char        *title;
  char        *kind;
  char        *description;
  char        *period_start;
  char        *period_end;
  char        *owner;
  char        *source_url;
  char        *inferred;
  GPtrArray   *goals;            /* VjGoalRecord */
  GPtrArray   *actors;           /* VjActorRecord */
  GPtrArray   *programme_refs;   /* char * */
  GPtrArray   *institution_refs; /* char * */
  GArray      *municipality_refs;/* int */
  VjRecStatus  recstatus;
  guint        line;
} VjInitiativeRecord;

/* What the public tables say (HACKING.md, "Identity across sources and the public tables"):
 * kept beside the catalogue records, keyed on the public keys, never owning a record. */
typedef struct
{
  char  *number;           /* INST_NR */
  char  *main_number;      /* HOVEDSKOLE_INST: the main school of a campus, or NULL */
  char  *name;
  char  *unit_kind;        /* ENHEDSART */
  int    type_code;        /* INST_TYPE_NR, 0 when unknown */
  char  *type_name;
  char  *street;
  char  *postcode;
  char  *town;
  char  *phone;
  char  *email;
  char  *url;
  int    municipality;     /* 0 when not one of the 98 */
  char  *latitude;         /* decimal degrees with a point, or NULL */
  char  *longitude;
  guint  line;
} VjUnitRecord;

typedef struct
{
  char  *key_kind;         /* "article" (ug.dk article/campus number) or "kot" */
  char  *key;
  char  *title;
  char  *institution_number;
  char  *institution_name;
  char  *town;
  int    municipality;
  char  *education_code;   /* six digits, or NULL (a damaged code is unknown) */
  char  *url;
  guint  line;
} VjPublicOfferRecord;

typedef struct
{
  char    *key_kind;
  char    *key;
  char    *fact;           /* "cutoff", "applicants", "dropout", … */
  int      year;
  gboolean has_value;
  double   value;
  char    *reason;         /* why there is no figure: "AO", "suppressed" …, when !has_value */
  guint    line;
} VjFactRecord;

VjFeedHeader        *vj_feed_header_new            (void);
void                 vj_feed_header_free           (VjFeedHeader        *header);
VjInstitutionRecord *vj_institution_record_new     (void);
void                 vj_institution_record_free    (VjInstitutionRecord *record);
VjLocationRecord    *vj_location_record_new        (void);
void                 vj_location_record_free       (VjLocationRecord    *record);
VjProgrammeRecord   *vj_programme_record_new       (void);
void                 vj_programme_record_free      (VjProgrammeRecord   *record);
VjOfferingRecord    *vj_offering_record_new        (void);
void                 vj_offering_record_free       (VjOfferingRecord    *record);
VjInitiativeRecord  *vj_initiative_record_new      (void);
void                 vj_initiative_record_free     (VjInitiativeRecord  *record);
VjGoalRecord        *vj_goal_record_new            (void);
void                 vj_goal_record_free           (VjGoalRecord        *record);
VjActorRecord       *vj_actor_record_new           (void);
void                 vj_actor_record_free          (VjActorRecord       *record);

VjUnitRecord        *vj_unit_record_new            (void);
void                 vj_unit_record_free           (VjUnitRecord        *record);
VjPublicOfferRecord *vj_public_offer_record_new    (void);
void                 vj_public_offer_record_free   (VjPublicOfferRecord *record);
VjFactRecord        *vj_fact_record_new            (void);
void                 vj_fact_record_free           (VjFactRecord        *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjFeedHeader, vj_feed_header_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjUnitRecord, vj_unit_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjPublicOfferRecord, vj_public_offer_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjFactRecord, vj_fact_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjInstitutionRecord, vj_institution_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjLocationRecord, vj_location_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjProgrammeRecord, vj_programme_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjOfferingRecord, vj_offering_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjInitiativeRecord, vj_initiative_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjGoalRecord, vj_goal_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjActorRecord, vj_actor_record_free)

G_END_DECLS

G_BEGIN_DECLS

/* A record the importer skipped or a thing it noticed, with the line it stands on. */
typedef struct
{
  guint  line;
  char  *reason;
  guint  more;     /* on the summary that ends a full list: how many were left out */
} VjImportIssue;

/* A feed with a million broken records says so in a thousand lines and a count. */
#define VJ_IMPORT_ISSUES_MAX 1000

VjImportIssue *vj_import_issue_new    (guint          line,
                                       const char    *reason);
void           vj_import_issue_free   (VjImportIssue *issue);
void           vj_import_issues_add   (GPtrArray     *issues,
                                       guint          line,
                                       const char    *reason);
guint          vj_import_issues_count (GPtrArray     *issues);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjImportIssue, vj_import_issue_free)

G_END_DECLS

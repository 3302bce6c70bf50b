package dev.imap4lib.provider;

/**
 * One entry of a folder's access control list (RFC 4314): an identifier (a user, a group, or
 * {@code anyone}; a leading {@code -} marks negative rights) and its {@link Rights}. Angus Mail's
 * {@code ACL} under the same name and shape.
 */
public class ACL implements Cloneable {
    private final String name;
    private Rights rights;

    /** An entry for {@code name} with no rights yet. */
    public ACL(String name) {
        this(name, new Rights());
    }

    /** An entry for {@code name} with {@code rights}. */
    public ACL(String name, Rights rights) {
        this.name = java.util.Objects.requireNonNull(name, "name");
        this.rights = rights;
    }

    /** The identifier. */
    public String getName() {
        return name;
    }

    /** Replaces the rights (the object is kept, not copied). */
    public void setRights(Rights rights) {
        this.rights = rights;
    }

    /** The rights (the object itself, not a copy). */
    public Rights getRights() {
        return rights;
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        ACL a = (ACL) super.clone();
        if (rights != null) {
            a.rights = (Rights) rights.clone();
        }
        return a;
    }

    @Override
    public String toString() {
        return name + " " + rights;
    }
}
